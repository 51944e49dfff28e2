//! Words for the error codes of `contract::registration`: the field codes
//! (`FIELD_CODES`) and the API codes (`API_CODES`) of
//! `POST /api/v1/registrations`. Each says what to do.

use crate::Lang;

catalogue! {
    Required => {
        id: "Bagian ini perlu diisi.",
        en: "Please fill this in.",
    },
    TooShort => {
        id: "Terlalu pendek. Tulis minimal 2 huruf.",
        en: "This is too short. Write at least 2 letters.",
    },
    TooLong => {
        id: "Terlalu panjang. Tolong persingkat.",
        en: "This is too long. Please make it shorter.",
    },
    NameCharacters => {
        id: "Tulis nama dengan huruf. Tanda ' - dan . boleh dipakai.",
        en: "Write the name with letters. You can also use ' - and .",
    },
    DateFormat => {
        id: "Tulis tanggal seperti ini: tahun-bulan-tanggal, misalnya 2001-08-17.",
        en: "Write the date like this: year-month-day, for example 2001-08-17.",
    },
    DateInFuture => {
        id: "Tanggal lahir tidak boleh setelah hari ini. Periksa tahunnya.",
        en: "The date of birth cannot be after today. Check the year.",
    },
    AgeOutOfRange => {
        id: "Periksa tahun lahir. Umur harus antara 0 dan 120 tahun.",
        en: "Check the year of birth. Age must be between 0 and 120.",
    },
    NikFormat => {
        id: "NIK terdiri dari 16 angka, seperti di KTP. Jika tidak tahu, kosongkan saja.",
        en: "The NIK has 16 digits, as on the KTP (ID card). If you do not know it, leave it empty.",
    },
    NikDobMismatch => {
        id: "Tanggal lahir di NIK tidak sama dengan tanggal lahir yang Anda tulis. Periksa keduanya. Jika keduanya sudah benar, kosongkan NIK.",
        en: "The date of birth in the NIK is not the date of birth you wrote. Check both. If both are right, leave the NIK empty.",
    },
    NikSexMismatch => {
        id: "Jenis kelamin di NIK tidak sama dengan yang Anda pilih. Periksa keduanya. Jika keduanya sudah benar, kosongkan NIK.",
        en: "The NIK shows a different sex from the one you chose. Check both. If both are right, leave the NIK empty.",
    },
    PassportNumberFormat => {
        id: "Nomor paspor terdiri dari 1 huruf dan 7 angka, misalnya X1234567. Jika tidak tahu, kosongkan saja.",
        en: "A passport number is 1 letter and 7 digits, for example X1234567. If you do not know it, leave it empty.",
    },
    PhoneFormat => {
        id: "Tulis nomor telepon dengan angka saja, misalnya +62 812 3456 7890.",
        en: "Write the phone number with digits only, for example +62 812 3456 7890.",
    },
    PhoneCountryCode => {
        id: "Tulis nomor telepon dengan kode negara, misalnya +62 812 3456 7890.",
        en: "Write the phone number with the country code, for example +62 812 3456 7890.",
    },
    PhoneLength => {
        id: "Nomor telepon ini terlalu pendek atau terlalu panjang. Periksa angkanya.",
        en: "This phone number is too short or too long. Check the digits.",
    },
    OutOfRange => {
        id: "Tulis angka dari 0 sampai 50.",
        en: "Write a number from 0 to 50.",
    },
    ChooseAtLeastOne => {
        id: "Pilih minimal satu.",
        en: "Choose at least one.",
    },
    ConsentRequired => {
        id: "Centang kotak persetujuan agar data Anda bisa dikirim ke kedutaan.",
        en: "Tick the box to agree, so that your details can be sent to the embassy.",
    },
    Validation => {
        id: "Ada jawaban yang perlu diperbaiki. Periksa bagian yang ditandai.",
        en: "Some answers need to be corrected. Check the marked parts.",
    },
    AppError => {
        id: "Formulir tidak terkirim karena kesalahan aplikasi. Jawaban Anda tetap tersimpan. Muat ulang halaman lalu kirim lagi.",
        en: "The form was not sent because of an error in the app. Your answers are kept. Reload the page and send again.",
    },
    IdempotencyConflict => {
        id: "Formulir ini sudah pernah dikirim dengan jawaban lain. Mulai pendaftaran baru untuk mengirim jawaban ini.",
        en: "This form was already sent with other answers. Start a new registration to send these answers.",
    },
    RateLimited => {
        id: "Terlalu banyak pendaftaran dari jaringan ini. Jawaban Anda tetap tersimpan. Tunggu sebentar, lalu kirim lagi.",
        en: "Too many registrations from this network. Your answers are kept. Wait a moment, then send again.",
    },
    PayloadTooLarge => {
        id: "Jawaban terlalu panjang untuk dikirim. Persingkat tulisan yang panjang, lalu kirim lagi.",
        en: "The answers are too long to send. Shorten the longest text, then send again.",
    },
    Unavailable => {
        id: "Layanan sedang bermasalah. Jawaban Anda tetap tersimpan. Coba kirim lagi nanti.",
        en: "The service has a problem right now. Your answers are kept. Try sending again later.",
    },
    CheckThis => {
        id: "Periksa jawaban ini.",
        en: "Please check this answer.",
    },
}

/// The catalogue key of a code; `None` for a code with no text of its own.
pub fn key(code: &str) -> Option<Key> {
    Some(match code {
        "required" => Key::Required,
        "too_short" => Key::TooShort,
        "too_long" => Key::TooLong,
        "name_characters" => Key::NameCharacters,
        "date_format" => Key::DateFormat,
        "date_in_future" => Key::DateInFuture,
        "age_out_of_range" => Key::AgeOutOfRange,
        "nik_format" => Key::NikFormat,
        "nik_dob_mismatch" => Key::NikDobMismatch,
        "nik_sex_mismatch" => Key::NikSexMismatch,
        "passport_number_format" => Key::PassportNumberFormat,
        "phone_format" => Key::PhoneFormat,
        "phone_country_code" => Key::PhoneCountryCode,
        "phone_length" => Key::PhoneLength,
        "out_of_range" => Key::OutOfRange,
        "choose_at_least_one" => Key::ChooseAtLeastOne,
        "consent_required" => Key::ConsentRequired,
        "validation" => Key::Validation,
        "idempotency_key_required"
        | "idempotency_key_invalid"
        | "invalid_body"
        | "malformed_json"
        | "unsupported_media_type" => Key::AppError,
        "idempotency_conflict" => Key::IdempotencyConflict,
        "rate_limited" => Key::RateLimited,
        "payload_too_large" => Key::PayloadTooLarge,
        "unavailable" => Key::Unavailable,
        _ => return None,
    })
}

/// A short, plain message for an error code (from `FIELD_CODES` or
/// `API_CODES`) that says what to do. Unknown codes get a general message.
pub fn message(code: &str, lang: Lang) -> &'static str {
    key(code).unwrap_or(Key::CheckThis).get(lang)
}

/// True if `code` has its own message in both languages.
pub fn has_message(code: &str) -> bool {
    key(code).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::registration::{API_CODES, FIELD_CODES};

    #[test]
    fn every_code_has_both_translations() {
        for code in FIELD_CODES.iter().chain(API_CODES) {
            assert!(has_message(code), "{code}");
            let id = message(code, Lang::Id);
            let en = message(code, Lang::En);
            assert!(!id.is_empty() && !en.is_empty(), "{code}");
            assert_ne!(id, en, "{code}");
        }
        assert!(!has_message("no_such_code"));
        assert_eq!(
            message("no_such_code", Lang::En),
            "Please check this answer."
        );
    }
}
