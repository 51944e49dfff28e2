//! Properties of registration references (`contract::reference`).

use contract::reference::{generate, is_valid, normalise, ALPHABET, LEN, PRINTED_LEN};
use proptest::prelude::*;

/// The 9 symbols of a printed reference, without the dash.
fn symbols(r: &str) -> Vec<char> {
    r.chars().filter(|&c| c != '-').collect()
}

fn print(symbols: &[char]) -> String {
    let s: String = symbols.iter().collect();
    format!("{}-{}", &s[..4], &s[4..])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn every_generated_reference_validates(bytes in any::<[u8; 8]>()) {
        let r = generate(bytes);
        prop_assert_eq!(r.len(), PRINTED_LEN);
        prop_assert_eq!(symbols(&r).len(), LEN);
        prop_assert!(symbols(&r).iter().all(|&c| ALPHABET.contains(c)));
        prop_assert!(is_valid(&r));
        prop_assert_eq!(normalise(&r), Some(r.clone()));
    }

    #[test]
    fn any_single_substitution_is_detected(
        bytes in any::<[u8; 8]>(),
        pos in 0..LEN,
        replacement in 0..ALPHABET.len(),
    ) {
        let r = generate(bytes);
        let mut s = symbols(&r);
        let new = ALPHABET.as_bytes()[replacement] as char;
        prop_assume!(s[pos] != new);
        s[pos] = new;
        prop_assert!(!is_valid(&print(&s)), "{} -> {}", r, print(&s));
    }

    #[test]
    fn any_adjacent_transposition_is_detected(bytes in any::<[u8; 8]>(), pos in 0..LEN - 1) {
        let r = generate(bytes);
        let mut s = symbols(&r);
        prop_assume!(s[pos] != s[pos + 1]);
        s.swap(pos, pos + 1);
        prop_assert!(!is_valid(&print(&s)), "{} -> {}", r, print(&s));
    }

    #[test]
    fn sloppy_typing_normalises_to_the_printed_form(
        bytes in any::<[u8; 8]>(),
        lower in any::<[bool; 9]>(),
        gaps in proptest::collection::vec(prop_oneof![Just(""), Just(" "), Just("-"), Just("  ")], 10),
    ) {
        let r = generate(bytes);
        let mut typed = String::from(gaps[0]);
        for (i, c) in symbols(&r).into_iter().enumerate() {
            typed.push(if lower[i] { c.to_ascii_lowercase() } else { c });
            typed.push_str(gaps[i + 1]);
        }
        prop_assert_eq!(normalise(&typed), Some(r));
    }

    #[test]
    fn normalise_is_idempotent_and_never_panics(s in "\\PC{0,16}") {
        if let Some(n) = normalise(&s) {
            prop_assert_eq!(normalise(&n), Some(n.clone()));
            prop_assert_eq!(n.len(), PRINTED_LEN);
        }
    }

    #[test]
    fn normalise_is_idempotent_on_near_misses(s in "[2-9A-Za-z -]{8,12}") {
        if let Some(n) = normalise(&s) {
            prop_assert_eq!(normalise(&n), Some(n.clone()));
        }
    }
}

#[test]
fn exhaustive_substitutions_and_transpositions_for_some_references() {
    // Not random: every position, every other symbol, every neighbour swap.
    for seed in 0u64..200 {
        let r = generate((seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)).to_le_bytes());
        let s = symbols(&r);
        for pos in 0..LEN {
            for new in ALPHABET.chars().filter(|&c| c != s[pos]) {
                let mut t = s.clone();
                t[pos] = new;
                assert!(!is_valid(&print(&t)), "{r}");
            }
            if pos + 1 < LEN && s[pos] != s[pos + 1] {
                let mut t = s.clone();
                t.swap(pos, pos + 1);
                assert!(!is_valid(&print(&t)), "{r}");
            }
        }
    }
}
