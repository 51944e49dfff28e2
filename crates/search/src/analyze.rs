//! Text analysis shared by indexing, querying and highlighting: the same
//! steps must run on all three, or a word that was indexed cannot be found
//! (or highlighted) again.
//!
//! 1. **Split** on anything that is not a letter or digit (combining accents
//!    stay inside their word).
//! 2. **Normalise**: lowercase, strip diacritics (`é` → `e`, `ñ` → `n`, ...).
//! 3. **Drop** one-letter words and stop words (very common words of either
//!    language, which would match every article).
//! 4. **Stem** lightly, for both languages at once (see [`stem`]).
//!
//! One analyser serves both languages: a rule written for one language that
//! touches a word of the other is harmless, because the same rule runs on the
//! indexed text and on the query.

/// Shortest stem a rule may leave behind; shorter results keep the word as is.
const MIN_STEM: usize = 3;

/// Words too common to help a search, in Indonesian and English (normalised).
/// Kept sorted for the binary search in [`is_stop_word`].
const STOP_WORDS: &[&str] = &[
    "a", "about", "ada", "adalah", "agar", "akan", "an", "and", "anda", "are", "as", "at", "atau",
    "be", "been", "bila", "by", "dan", "dari", "dengan", "di", "do", "does", "for", "from", "has",
    "have", "if", "in", "ini", "into", "is", "it", "its", "itu", "jika", "juga", "kalau", "kami",
    "kamu", "ke", "not", "of", "oleh", "on", "or", "pada", "saja", "sama", "so", "than", "that",
    "the", "their", "them", "then", "there", "these", "they", "this", "to", "untuk", "was", "we",
    "were", "will", "with", "yang", "you", "your",
];

/// Is `word` (already normalised) a stop word?
pub fn is_stop_word(word: &str) -> bool {
    STOP_WORDS.binary_search(&word).is_ok()
}

/// Can `c` be part of a word? Letters, digits and combining accents
/// (U+0300–U+036F, so that a decomposed `é` does not split its word).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

fn is_combining_mark(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// The plain-Latin replacement for a lowercase letter with a diacritic, if
/// the table knows it. Covers Latin-1, Latin Extended-A and the Vietnamese
/// letters most likely to appear in names of places.
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'ạ' | 'ả' | 'ấ' | 'ầ' | 'ậ' | 'ắ'
        | 'ằ' | 'ặ' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' | 'ẹ' | 'ẻ' | 'ẽ' | 'ế' | 'ề' | 'ệ' => {
            "e"
        }
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' | 'ị' | 'ỉ' | 'ĩ' => "i",
        'ł' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'ơ' | 'ọ' | 'ỏ' | 'ố' | 'ồ' | 'ộ' | 'ớ'
        | 'ờ' | 'ợ' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ư' | 'ụ' | 'ủ' | 'ũ' | 'ứ' | 'ừ' | 'ự' => {
            "u"
        }
        'ý' | 'ÿ' | 'ỳ' | 'ỹ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// Lowercases `word` and strips its diacritics; combining accents are dropped.
///
/// ```
/// assert_eq!(search::normalize("Pasféor"), "pasfeor");
/// assert_eq!(search::normalize("STRASSE"), "strasse");
/// assert_eq!(search::normalize("Stra\u{00DF}e"), "strasse");
/// ```
pub fn normalize(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars().flat_map(char::to_lowercase) {
        if is_combining_mark(c) {
            continue;
        }
        match fold_char(c) {
            Some(s) => out.push_str(s),
            None => out.push(c),
        }
    }
    out
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// `word` without `suffix`, if what is left is long enough.
fn cut_suffix<'a>(word: &'a str, suffix: &str) -> Option<&'a str> {
    word.strip_suffix(suffix)
        .filter(|rest| char_len(rest) >= MIN_STEM)
}

/// Light stemming of one normalised word, for Indonesian and English.
///
/// Applied in order, each at most once, never leaving fewer than 3 letters:
/// 1. Indonesian particles `-nya`, `-lah`, `-kah` (`paspornya` → `paspor`).
/// 2. English plurals: `-ies` → `-y` (`embassies` → `embassy`), else a final
///    `-s` (`tickets` → `ticket`), but not `-ss`, `-us`, `-is` (`status`,
///    `gratis`). When a plural was removed, step 3 is skipped.
/// 3. One Indonesian suffix: `-kan`, `-an` or `-i`
///    (`bantuan` → `bantu`, `hubungi` → `hubung`).
/// 4. One Indonesian prefix: `di-` (`dibantu` → `bantu`), `ber-`
///    (`berbahaya` → `bahaya`), or `me-` with its sound changes
///    (`membantu` → `bantu`, `menunggu` → `tunggu`, `menyimpan` → `simpan`,
///    `memeriksa` → `periksa`, `melapor` → `lapor`, `mengurus` → `urus`).
///
/// The stems are not always real words (`kedutaan` → `kedutaa`); they only
/// need to be the same for the text and the query.
pub fn stem(word: &str) -> String {
    let mut w = word;
    for particle in ["nya", "lah", "kah"] {
        if let Some(rest) = cut_suffix(w, particle) {
            w = rest;
            break;
        }
    }
    let mut plural = None;
    if let Some(rest) = cut_suffix(w, "ies") {
        plural = Some(format!("{rest}y"));
    } else if w.ends_with('s') && !["ss", "us", "is"].iter().any(|e| w.ends_with(e)) {
        plural = cut_suffix(w, "s").map(str::to_owned);
    }
    let after_suffix = match plural {
        Some(p) => p,
        None => ["kan", "an", "i"]
            .iter()
            .find_map(|s| cut_suffix(w, s))
            .unwrap_or(w)
            .to_owned(),
    };
    strip_prefix(&after_suffix).unwrap_or(after_suffix)
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Step 4 of [`stem`]: the word without an Indonesian prefix, if one applies.
fn strip_prefix(w: &str) -> Option<String> {
    let keep = |s: String| (char_len(&s) >= MIN_STEM).then_some(s);
    let first = |s: &str| s.chars().next();
    if let Some(rest) = w.strip_prefix("di") {
        return keep(rest.to_owned());
    }
    if let Some(rest) = w.strip_prefix("ber") {
        return keep(rest.to_owned());
    }
    // meng- before vowels and g/h/k (k is dropped: "mengirim" ← "kirim" is
    // not recovered; the vowel reading is the more common one).
    if let Some(rest) = w.strip_prefix("meng") {
        return match first(rest) {
            Some(c) if is_vowel(c) || c == 'g' || c == 'h' => keep(rest.to_owned()),
            _ => None,
        };
    }
    // meny- + vowel: the s was dropped ("menyimpan" ← "simpan").
    if let Some(rest) = w.strip_prefix("meny") {
        return match first(rest) {
            Some(c) if is_vowel(c) => keep(format!("s{rest}")),
            _ => None,
        };
    }
    // men- + c/d/j keeps them; men- + vowel dropped a t ("menunggu" ← "tunggu").
    if let Some(rest) = w.strip_prefix("men") {
        return match first(rest) {
            Some('c' | 'd' | 'j') => keep(rest.to_owned()),
            Some(c) if is_vowel(c) => keep(format!("t{rest}")),
            _ => None,
        };
    }
    // mem- + b/f keeps them; mem- + vowel dropped a p ("memeriksa" ← "periksa").
    if let Some(rest) = w.strip_prefix("mem") {
        return match first(rest) {
            Some('b' | 'f') => keep(rest.to_owned()),
            Some(c) if is_vowel(c) => keep(format!("p{rest}")),
            _ => None,
        };
    }
    // me- + l/m/n/r/w/y ("melapor" ← "lapor", "meminta" ← "minta").
    if let Some(rest) = w.strip_prefix("me") {
        return match first(rest) {
            Some('l' | 'm' | 'n' | 'r' | 'w' | 'y') => keep(rest.to_owned()),
            _ => None,
        };
    }
    None
}

/// The words of `text` as they appear in it (not normalised), in order.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
}

/// The index terms of one word: `None` for one-letter words and stop words.
pub fn term(word: &str) -> Option<String> {
    let n = normalize(word);
    if char_len(&n) < 2 || is_stop_word(&n) {
        return None;
    }
    Some(stem(&n))
}

/// All index terms of `text`, in order, with repeats.
///
/// ```
/// assert_eq!(search::terms("Bantuan untuk paspornya"), ["bantu", "paspor"]);
/// ```
pub fn terms(text: &str) -> Vec<String> {
    words(text).filter_map(term).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_are_sorted_and_normalised() {
        let mut sorted = STOP_WORDS.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, STOP_WORDS);
        assert!(STOP_WORDS.iter().all(|w| normalize(w) == *w));
    }

    #[test]
    fn normalize_strips_case_and_diacritics() {
        assert_eq!(normalize("Ēxít"), "exit");
        assert_eq!(normalize("CAFÉ"), "cafe");
        assert_eq!(normalize("cafe\u{0301}"), "cafe");
        assert_eq!(normalize("Æsop"), "aesop");
        assert_eq!(normalize("Phnom"), "phnom");
        assert_eq!(normalize("123"), "123");
    }

    #[test]
    fn words_split_on_punctuation_and_keep_accents() {
        let w: Vec<&str> = words("e-KTP, café\u{0301}; (SPLP)!").collect();
        assert_eq!(w, ["e", "KTP", "café\u{0301}", "SPLP"]);
    }

    #[test]
    fn indonesian_suffixes() {
        for (word, want) in [
            ("paspornya", "paspor"),
            ("bantuan", "bantu"),
            ("hubungi", "hubung"),
            ("laporkan", "lapor"),
            ("pulanglah", "pulang"),
            ("kami", "kam"),
            ("ini", "ini"),
            ("bukan", "buk"),
            ("jalan", "jal"),
        ] {
            assert_eq!(stem(word), want, "{word}");
        }
    }

    #[test]
    fn indonesian_prefixes() {
        for (word, want) in [
            ("dibantu", "bantu"),
            ("membantu", "bantu"),
            ("menunggu", "tunggu"),
            ("menyimpan", "simp"),
            ("simpan", "simp"),
            ("memeriksa", "periksa"),
            ("melaporkan", "lapor"),
            ("menghubungi", "hubung"),
            ("mengurus", "urus"),
            ("mendaftar", "daftar"),
            ("membawa", "bawa"),
            ("dirawat", "rawat"),
            ("berbahaya", "bahaya"),
            ("diri", "dir"),
        ] {
            assert_eq!(stem(word), want, "{word}");
        }
    }

    #[test]
    fn english_plurals() {
        for (word, want) in [
            ("tickets", "ticket"),
            ("embassies", "embassy"),
            ("documents", "document"),
            ("status", "status"),
            ("pass", "pass"),
            ("bus", "bus"),
            ("gratis", "gratis"),
            ("visas", "visa"),
        ] {
            assert_eq!(stem(word), want, "{word}");
        }
    }

    #[test]
    fn inflected_forms_share_a_stem() {
        for group in [
            &["bantu", "bantuan", "membantu", "dibantu", "bantuannya"][..],
            &["lapor", "melapor", "laporkan", "melaporkan", "dilaporkan"],
            &["ticket", "tickets"],
            &["embassy", "embassies"],
        ] {
            let stems: Vec<String> = group.iter().map(|w| stem(w)).collect();
            assert!(
                stems.windows(2).all(|p| p[0] == p[1]),
                "{group:?} → {stems:?}"
            );
        }
    }

    #[test]
    fn terms_drop_stop_words_and_single_letters() {
        assert_eq!(terms("The tickets, and a e-KTP"), ["ticket", "ktp"]);
        assert_eq!(terms("Di mana paspor saya?"), ["mana", "paspor", "saya"]);
    }
}
