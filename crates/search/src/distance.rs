//! Edit distance for typo tolerance.

/// Optimal-string-alignment distance between `a` and `b` (insertions,
/// deletions, substitutions and swaps of two neighbouring letters each cost
/// 1), or `None` when it is larger than `max`.
///
/// Runs in `O(len(a) * len(b))` with three rows, and stops early once every
/// entry of a row is over `max`.
pub fn within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    if a.is_empty() || b.is_empty() {
        return Some(a.len().max(b.len()));
    }
    let width = b.len() + 1;
    let mut prev2 = vec![0usize; width];
    let mut prev: Vec<usize> = (0..width).collect();
    let mut cur = vec![0usize; width];
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(prev2[j - 2] + 1);
            }
            cur[j] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut prev2, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    let d = prev[b.len()];
    (d <= max).then_some(d)
}

#[cfg(test)]
mod tests {
    use super::within;

    fn d(a: &str, b: &str, max: usize) -> Option<usize> {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        within(&a, &b, max)
    }

    #[test]
    fn distances() {
        assert_eq!(d("paspor", "paspor", 1), Some(0));
        assert_eq!(d("pasport", "paspor", 1), Some(1)); // insertion
        assert_eq!(d("pasor", "paspor", 1), Some(1)); // deletion
        assert_eq!(d("paspir", "paspor", 1), Some(1)); // substitution
        assert_eq!(d("papsor", "paspor", 1), Some(1)); // swap
        assert_eq!(d("embsasy", "embassy", 2), Some(1));
        assert_eq!(d("enbasy", "embassy", 2), Some(2));
        assert_eq!(d("tiket", "ticket", 1), Some(1));
        assert_eq!(d("abc", "xyz", 2), None);
        assert_eq!(d("abcdef", "ab", 2), None);
        assert_eq!(d("", "ab", 2), Some(2));
    }
}
