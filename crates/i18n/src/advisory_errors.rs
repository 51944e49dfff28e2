//! Words for the codes of `contract::advisory`: staff validation
//! (`ERROR_CODES`), freshness reasons (`StaleReason::code`) and invitation
//! answers (`NotYetReason::code`). The contract keeps the codes; the app, the
//! backend's answers and the status pages take the words from here.

use crate::Lang;

catalogue! {
    Required => {
        id: "Wajib diisi.",
        en: "Required.",
    },
    MissingTranslation => {
        id: "Tulis teks dalam dua bahasa: Bahasa Indonesia dan Inggris.",
        en: "Write the text in both languages: Bahasa Indonesia and English.",
    },
    TooLong => {
        id: "Teks terlalu panjang.",
        en: "The text is too long.",
    },
    InvalidChars => {
        id: "Teks berisi karakter kontrol yang tidak boleh.",
        en: "The text contains control characters that are not allowed.",
    },
    DateFormat => {
        id: "Tulis tanggal sebagai TTTT-BB-HH, misalnya 2026-01-19.",
        en: "Write the date as YYYY-MM-DD, for example 2026-01-19.",
    },
    TimeFormat => {
        id: "Tulis jam sebagai JJ:MM, misalnya 08:00.",
        en: "Write the time as HH:MM, for example 08:00.",
    },
    DatetimeFormat => {
        id: "Tulis waktu dalam format RFC 3339, misalnya 2026-01-19T16:00:00+07:00.",
        en: "Write the time in RFC 3339 format, for example 2026-01-19T16:00:00+07:00.",
    },
    InPast => {
        id: "Waktu ini sudah lewat. Pilih waktu yang akan datang.",
        en: "This time has passed. Choose a time in the future.",
    },
    AfterValidUntil => {
        id: "Waktu pembaruan berikutnya harus sebelum batas berlaku.",
        en: "The next update must be due before the advisory expires.",
    },
    TooFarAhead => {
        id: "Terlalu jauh ke depan. Batas berlaku paling lama 7 hari dari sekarang, dan pembaruan berikutnya paling lama 24 jam dari sekarang.",
        en: "Too far ahead. An advisory can be valid for at most 7 days from now, and the next update must be due within 24 hours.",
    },
    MinAboveMax => {
        id: "Waktu tunggu terpendek lebih besar dari yang terpanjang.",
        en: "The shortest wait is more than the longest wait.",
    },
    OpenAboveMax => {
        id: "Jumlah loket buka lebih besar dari jumlah loket.",
        en: "More counters are open than there are counters.",
    },
    EndBeforeStart => {
        id: "Jam selesai harus setelah jam mulai.",
        en: "The end time must be after the start time.",
    },
    Range => {
        id: "Angka di luar batas.",
        en: "The number is out of range.",
    },
    TooMany => {
        id: "Terlalu banyak isian.",
        en: "Too many entries.",
    },
    Duplicate => {
        id: "Sudah dipakai di atas.",
        en: "Already used above.",
    },
    IdFormat => {
        id: "Pakai huruf kecil, angka, - atau _ saja.",
        en: "Use only lowercase letters, digits, - or _.",
    },
    UnknownHelpKind => {
        id: "Jenis bantuan tidak dikenal.",
        en: "Unknown kind of help.",
    },
    PastNextUpdate => {
        id: "Pembaruan terlambat. Keadaan mungkin sudah berubah.",
        en: "The update is late. Things may have changed.",
    },
    PastValidUntil => {
        id: "Informasi ini sudah tidak berlaku. Anggap status tidak diketahui.",
        en: "This information has expired. Treat the status as unknown.",
    },
    UpdatedInFuture => {
        id: "Jam di ponsel atau server tidak cocok. Informasi ini mungkin tidak tepat.",
        en: "The clock on your phone or on the server is wrong. This information may not be right.",
    },
    MissingTimes => {
        id: "Tidak ada informasi antrean terbaru.",
        en: "There is no current queue advisory.",
    },
    RegisteredAfterCutoff => {
        id: "Anda mendaftar setelah batas waktu undangan hari ini. Belum giliran Anda.",
        en: "You registered after today's cutoff. It is not your turn yet.",
    },
    HelpNotInToday => {
        id: "Hari ini bukan untuk jenis bantuan yang Anda minta. Belum giliran Anda.",
        en: "Today is not for the kind of help you asked for. It is not your turn yet.",
    },
    Invalid => {
        id: "Isian tidak sah.",
        en: "This value is not valid.",
    },
}

/// The catalogue key of a code; `None` for a code with no text of its own.
pub fn key(code: &str) -> Option<Key> {
    Some(match code {
        "required" => Key::Required,
        "missing_translation" => Key::MissingTranslation,
        "too_long" => Key::TooLong,
        "invalid_chars" => Key::InvalidChars,
        "date_format" => Key::DateFormat,
        "time_format" => Key::TimeFormat,
        "datetime_format" => Key::DatetimeFormat,
        "in_past" => Key::InPast,
        "after_valid_until" => Key::AfterValidUntil,
        "too_far_ahead" => Key::TooFarAhead,
        "min_above_max" => Key::MinAboveMax,
        "open_above_max" => Key::OpenAboveMax,
        "end_before_start" => Key::EndBeforeStart,
        "range" => Key::Range,
        "too_many" => Key::TooMany,
        "duplicate" => Key::Duplicate,
        "id_format" => Key::IdFormat,
        "unknown_help_kind" => Key::UnknownHelpKind,
        "past_next_update" => Key::PastNextUpdate,
        "past_valid_until" => Key::PastValidUntil,
        "updated_in_future" => Key::UpdatedInFuture,
        "missing_times" => Key::MissingTimes,
        "registered_after_cutoff" => Key::RegisteredAfterCutoff,
        "help_not_in_today" => Key::HelpNotInToday,
        _ => return None,
    })
}

/// The text for a validation code (or a freshness / invitation reason code),
/// in `lang`. Unknown codes get a generic text.
pub fn message(code: &str, lang: Lang) -> &'static str {
    key(code).unwrap_or(Key::Invalid).get(lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::advisory::{StaleReason, ERROR_CODES};

    #[test]
    fn every_code_has_both_languages() {
        for code in ERROR_CODES
            .iter()
            .copied()
            .chain(StaleReason::ALL.iter().map(|r| r.code()))
            .chain(["registered_after_cutoff", "help_not_in_today"])
        {
            let id = message(code, Lang::Id);
            let en = message(code, Lang::En);
            assert!(!id.is_empty() && !en.is_empty(), "{code}");
            assert_ne!(id, en, "{code} is not translated");
            assert_ne!(en, message("no-such-code", Lang::En), "{code} has no text");
        }
    }
}
