//! Phone numbers shown to people: one E.164 number in groups to read aloud,
//! the same on the home page, in the pre-rendered HTML and in the form. The
//! digits are never dropped, added or reordered; only spaces are inserted.

/// Digits of the country code at the start of an E.164 number's digits
/// (ITU zones: 1 and 7 take one digit, a fixed list two, the rest three).
pub fn country_code_len(digits: &str) -> usize {
    const TWO: &[&str] = &[
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
        "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ];
    match digits.as_bytes().first() {
        Some(b'1') | Some(b'7') => 1,
        _ if digits.get(..2).is_some_and(|p| TWO.contains(&p)) => 2,
        _ => 3,
    }
}

/// `+447700900123` → `+44 7700 900123`, `+6281234567890` →
/// `+62 812 3456 7890`, `+85512345678` → `+855 12 345 678`: the country code,
/// then the national number in the groups used in that country (Indonesia,
/// Cambodia, the UK and North America), or else in even groups of 3 or 4.
/// Anything that is not `+` and digits is returned as given.
pub fn display(e164: &str) -> String {
    let Some(digits) = e164.strip_prefix('+') else {
        return e164.to_string();
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return e164.to_string();
    }
    let cc = country_code_len(digits).min(digits.len());
    let (code, national) = digits.split_at(cc);
    let mut out = format!("+{code}");
    let mut rest = national;
    for n in lead(code, national) {
        let (chunk, tail) = rest.split_at(n.min(rest.len()));
        push(&mut out, chunk);
        rest = tail;
    }
    for n in even_groups(rest.len()) {
        let (chunk, tail) = rest.split_at(n);
        push(&mut out, chunk);
        rest = tail;
    }
    out
}

fn push(out: &mut String, chunk: &str) {
    if !chunk.is_empty() {
        out.push(' ');
        out.push_str(chunk);
    }
}

/// The first groups of a national number as its country writes them; the
/// digits after them go in even groups.
fn lead(code: &str, national: &str) -> Vec<usize> {
    let starts = |p: &[&str]| p.iter().any(|p| national.starts_with(p));
    match code {
        // Indonesia: mobiles `812 3456 7890`; Jakarta, Bandung, Semarang,
        // Surabaya and Medan have two-digit area codes, the rest three.
        "62" if national.starts_with('8') => vec![3, 4, 4, 4],
        "62" if starts(&["21", "22", "24", "31", "61"]) => vec![2],
        "62" => vec![3],
        // Cambodia: a two-digit operator or area code, then `345 678`.
        "855" => vec![2],
        // UK: mobiles `7700 900123`, London and other `2x` areas `20 7946 0000`,
        // `1x1`/`11x` cities `121 496 0000`, other areas `1632 960000`.
        "44" if national.len() == 10 => match national.as_bytes() {
            [b'7', ..] => vec![4, 6],
            [b'2', ..] => vec![2, 4, 4],
            [b'1', b'1', ..] | [b'1', _, b'1', ..] => vec![3, 3, 4],
            [b'1', ..] => vec![4, 6],
            _ => vec![3, 3, 4],
        },
        // North America: `202 555 0123`.
        "1" if national.len() == 10 => vec![3, 3, 4],
        _ => vec![],
    }
}

/// Sizes of groups of at most 4 digits, as even as can be, the longer ones
/// last: 6 → 3 3, 7 → 3 4, 10 → 3 3 4.
fn even_groups(len: usize) -> Vec<usize> {
    if len == 0 {
        return vec![];
    }
    let k = len.div_ceil(4);
    let (base, extra) = (len / k, len % k);
    (0..k).map(|i| base + usize::from(i >= k - extra)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[track_caller]
    fn check(input: &str, expected: &str) {
        assert_eq!(display(input), expected, "display({input:?})");
    }

    #[test]
    fn numbers_in_their_countrys_groups() {
        // Indonesia: mobiles and landlines.
        check("+6281234567890", "+62 812 3456 7890");
        check("+6281311112222", "+62 813 1111 2222");
        check("+628123456789", "+62 812 3456 789");
        check("+622112345678", "+62 21 1234 5678");
        check("+62211234567", "+62 21 123 4567");
        check("+62274123456", "+62 274 123 456");
        // Cambodia.
        check("+85512345678", "+855 12 345 678");
        check("+85523123456", "+855 23 123 456");
        check("+855961234567", "+855 96 123 4567");
        // UK.
        check("+447700900123", "+44 7700 900123");
        check("+447700900456", "+44 7700 900456");
        check("+442079460000", "+44 20 7946 0000");
        check("+441214960000", "+44 121 496 0000");
        check("+441632960000", "+44 1632 960000");
        // North America.
        check("+12025550123", "+1 202 555 0123");
        check("+14155550123", "+1 415 555 0123");
        // Other countries: code from the ITU table, then even groups.
        check("+61412345678", "+61 412 345 678");
        check("+9715012345678", "+971 501 234 5678");
        check("+79123456789", "+7 912 345 6789");
    }

    #[test]
    fn anything_else_is_left_as_given() {
        check("0812", "0812");
        check("+1", "+1");
        check("+", "+");
        check("", "");
        check("+62 812", "+62 812");
        check("+٦٢٨١٢", "+٦٢٨١٢");
    }

    #[test]
    fn even_groups_are_at_most_four() {
        assert_eq!(even_groups(5), [2, 3]);
        assert_eq!(even_groups(8), [4, 4]);
        assert_eq!(even_groups(9), [3, 3, 3]);
        assert_eq!(even_groups(11), [3, 4, 4]);
    }

    proptest! {
        #[test]
        fn digits_are_kept_in_order(digits in "[1-9][0-9]{0,16}") {
            let e164 = format!("+{digits}");
            let shown = display(&e164);
            prop_assert_eq!(shown.replace(' ', ""), e164);
            prop_assert!(!shown.contains("  ") && !shown.ends_with(' '));
            let cc = &digits[..country_code_len(&digits).min(digits.len())];
            let starts_with_code = shown == format!("+{cc}")
                || shown.starts_with(&format!("+{cc} "));
            prop_assert!(starts_with_code);
            prop_assert!(shown.split(' ').skip(1).all(|g| g.len() <= 6));
        }
    }
}
