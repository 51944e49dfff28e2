//! Registration references: short codes a person reads aloud at the counter,
//! types into a phone or writes on paper, e.g. `7KQ4-M2XHF`.
//!
//! # Format
//! * 9 symbols, printed as `XXXX-XXXXX`: 8 random symbols, then 1 check symbol.
//! * Alphabet of 29 symbols, [`ALPHABET`] = `23456789ABCDEFGHJKMNPQRSTWXYZ`:
//!   Crockford-style, without `0 O 1 I L U`, and also without `V` (confused
//!   with `U` in handwriting and with `F` when read aloud in Indonesian).
//!   Dropping `V` makes the alphabet size prime, which the check needs.
//! * 29^8 ≈ 5 × 10^11 possible references (≈ 39 bits); the backend retries on
//!   the rare collision.
//!
//! # Check symbol
//! With symbol values `v0..v8` (position in [`ALPHABET`]) and weights
//! `9, 8, …, 1`, a valid reference has `Σ (9 − i)·vᵢ ≡ 0 (mod 29)`.
//! Because 29 is prime, every weight is non-zero mod 29 and neighbouring
//! weights differ by 1, the check detects **every** single-symbol substitution
//! and **every** transposition of two adjacent symbols (indeed of any two
//! symbols), including mistakes in the check symbol itself.
//!
//! # Reading input ([`normalise`])
//! Case is ignored; spaces, dashes and dots are ignored wherever they are.
//! `0 O 1 I L U V` never appear in a reference, so input containing them is
//! rejected rather than guessed: `O` could have been `D` or `Q`, `1` could
//! have been `7`, and a guess that lands on another valid reference would
//! show the wrong person. The app tells people these characters are never
//! used, and the check symbol catches the remaining slips.

/// The 29 symbols, in value order.
pub const ALPHABET: &str = "23456789ABCDEFGHJKMNPQRSTWXYZ";

const SYMBOLS: &[u8; 29] = b"23456789ABCDEFGHJKMNPQRSTWXYZ";
const BASE: u64 = 29;

/// Random symbols in a reference (the check symbol comes after them).
pub const DATA_LEN: usize = 8;
/// Symbols in a reference, check symbol included.
pub const LEN: usize = DATA_LEN + 1;
/// Length of the printed form `XXXX-XXXXX`.
pub const PRINTED_LEN: usize = LEN + 1;

fn value(symbol: u8) -> Option<u64> {
    SYMBOLS.iter().position(|&s| s == symbol).map(|p| p as u64)
}

fn weighted_sum(values: &[u64]) -> u64 {
    values
        .iter()
        .enumerate()
        .map(|(i, v)| (LEN - i) as u64 * v)
        .sum::<u64>()
        % BASE
}

/// The check symbol for 8 data symbols (upper case, from [`ALPHABET`]).
pub fn check_symbol(data: &str) -> Option<char> {
    let b = data.as_bytes();
    if b.len() != DATA_LEN {
        return None;
    }
    let values = b.iter().map(|&s| value(s)).collect::<Option<Vec<_>>>()?;
    // The check symbol has weight 1: choose it so the total is 0 mod 29.
    let check = (BASE - weighted_sum(&values)) % BASE;
    Some(SYMBOLS[check as usize] as char)
}

fn print(symbols: &[u8]) -> String {
    let mut out = String::with_capacity(PRINTED_LEN);
    for (i, &s) in symbols.iter().enumerate() {
        if i == 4 {
            out.push('-');
        }
        out.push(s as char);
    }
    out
}

/// A new reference from 8 random bytes (read as a number, written in base 29;
/// the bias of 2^64 mod 29^8 is below one in 10^7).
pub fn generate(random_bytes: [u8; 8]) -> String {
    let mut n = u64::from_le_bytes(random_bytes);
    let mut symbols = [0u8; LEN];
    let mut values = [0u64; LEN];
    for i in 0..DATA_LEN {
        let v = n % BASE;
        n /= BASE;
        values[i] = v;
        symbols[i] = SYMBOLS[v as usize];
    }
    let check = (BASE - weighted_sum(&values[..DATA_LEN])) % BASE;
    symbols[DATA_LEN] = SYMBOLS[check as usize];
    print(&symbols)
}

/// The canonical printed form (`XXXX-XXXXX`) of what someone typed, or `None`
/// if it is not a valid reference (wrong length, a symbol outside the
/// alphabet, or a check symbol that does not match). Idempotent.
pub fn normalise(input: &str) -> Option<String> {
    let mut symbols = Vec::with_capacity(LEN);
    for c in input.chars() {
        if c.is_whitespace() || matches!(c, '-' | '.' | '\u{2010}'..='\u{2015}' | '\u{2212}') {
            continue;
        }
        if !c.is_ascii() || symbols.len() == LEN {
            return None;
        }
        symbols.push(c.to_ascii_uppercase() as u8);
    }
    if symbols.len() != LEN {
        return None;
    }
    let values = symbols
        .iter()
        .map(|&s| value(s))
        .collect::<Option<Vec<_>>>()?;
    (weighted_sum(&values) == 0).then(|| print(&symbols))
}

/// True if [`normalise`] accepts `input`.
pub fn is_valid(input: &str) -> bool {
    normalise(input).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphabet_is_prime_sized_and_unambiguous() {
        assert_eq!(ALPHABET.len(), 29);
        assert_eq!(ALPHABET.as_bytes(), SYMBOLS);
        for c in "01OILUV".chars() {
            assert!(!ALPHABET.contains(c), "{c}");
        }
    }

    #[test]
    fn generated_references_have_the_printed_shape() {
        let r = generate([0; 8]);
        assert_eq!(r, "2222-22222");
        let r = generate([0xff; 8]);
        assert_eq!(r.len(), PRINTED_LEN);
        assert_eq!(&r[4..5], "-");
        assert!(is_valid(&r));
    }

    #[test]
    fn normalise_accepts_sloppy_typing() {
        let r = generate(*b"abcdefgh");
        let sloppy = r.to_lowercase().replace('-', " ");
        assert_eq!(normalise(&sloppy).as_deref(), Some(r.as_str()));
        assert_eq!(normalise(&r.replace('-', "")).as_deref(), Some(r.as_str()));
        assert_eq!(normalise(&format!("  {r}\n")).as_deref(), Some(r.as_str()));
    }

    #[test]
    fn the_documented_example_is_valid() {
        assert_eq!(normalise("7kq4 m2xhf").as_deref(), Some("7KQ4-M2XHF"));
    }

    #[test]
    fn normalise_rejects_nonsense() {
        let r = generate(*b"abcdefgh");
        for bad in [
            "",
            "2222-2222",
            "2222-222222",
            "O222-22222",
            "0222-22222",
            "I222-22222",
            "2222-2222２",
            &format!("{r}2"),
        ] {
            assert_eq!(normalise(bad), None, "{bad}");
        }
        // The check symbol of 2222-2222 is 2: anything else is rejected.
        assert_eq!(check_symbol("22222222"), Some('2'));
        assert_eq!(normalise("2222-22223"), None);
    }
}
