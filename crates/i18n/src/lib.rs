//! The UI text catalogue. Every key must give both languages: the `catalogue!`
//! macro does not compile otherwise, and a test rejects empty or untranslated
//! entries. Article content is not here: it is data in `content/`.
//!
//! Write for people with little schooling: short sentences, common words.

pub use contract::Lang;

/// Any catalogue's key: a text in both languages.
pub trait Text: Copy + 'static {
    fn get(self, lang: Lang) -> &'static str;
}

/// Declares a catalogue: `pub enum Key` with `Key::ALL` and `Text::get`.
/// Each user job keeps its texts in its own module (`register`, `advisories`,
/// `guidance`), so the catalogue grows without one file everyone edits.
macro_rules! catalogue {
    ($($key:ident => { id: $id:expr, en: $en:expr $(,)? }),* $(,)?) => {
        /// A UI text. `Key::X.get(lang)` gives it in one language.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Key { $($key),* }

        impl Key {
            pub const ALL: &'static [Key] = &[$(Key::$key),*];

            pub fn get(self, lang: $crate::Lang) -> &'static str {
                match (self, lang) {
                    $((Key::$key, $crate::Lang::Id) => $id, (Key::$key, $crate::Lang::En) => $en,)*
                }
            }
        }

        impl $crate::Text for Key {
            fn get(self, lang: $crate::Lang) -> &'static str {
                Key::get(self, lang)
            }
        }

        #[cfg(test)]
        mod catalogue_tests {
            #[test]
            fn every_key_is_translated() {
                $crate::check_catalogue(super::Key::ALL);
            }
        }
    };
}

pub mod register;

pub mod advisories;

pub mod guidance;

pub mod site;

pub mod accessibility;
pub mod case;
pub mod dates;
pub mod desk;

// Words for the contract's codes (the contract keeps only the codes).
pub mod advisory_errors;
pub mod labels;
pub mod registration_errors;
pub mod templates;

pub mod status_page;

/// Fails when a key has an empty text, or the same text in both languages
/// (usually a missing translation). Words that are the same in both
/// languages on purpose are listed in `SAME_IN_BOTH`.
pub fn check_catalogue<K: Text + std::fmt::Debug>(keys: &[K]) {
    const SAME_IN_BOTH: &[&str] = &["WhatsApp", "NIK", "Email", "OK", "QR"];
    for key in keys {
        for lang in Lang::ALL {
            assert!(
                !key.get(lang).trim().is_empty(),
                "{key:?} has no {} text",
                lang.code()
            );
        }
        let id = key.get(Lang::Id);
        if !SAME_IN_BOTH.contains(&id) {
            assert_ne!(
                id,
                key.get(Lang::En),
                "{key:?}: the Indonesian text is the English text (untranslated?)"
            );
        }
    }
}

catalogue! {
    SiteName => { id: "Bantuan Pulang", en: "Help Getting Home" },
    SkipToContent => { id: "Langsung ke isi", en: "Skip to content" },
    ExitThisPage => { id: "Keluar dari halaman ini", en: "Exit this page" },
    ExitHint => { id: "Tekan Shift 3 kali untuk keluar cepat.", en: "Press Shift 3 times to leave fast." },
    SampleBanner => {
        id: "DATA CONTOH: nomor, alamat, dan jam di situs ini bukan data asli kedutaan. Jangan hubungi nomor ini.",
        en: "SAMPLE DATA: the numbers, address and hours on this site are not the embassy's real details. Do not call them.",
    },
    LanguageSwitch => { id: "Read in English", en: "Baca dalam Bahasa Indonesia" },
    EmergencyContacts => { id: "Nomor darurat", en: "Emergency contacts" },
    EmergencyIntro => { id: "Dalam bahaya atau butuh bantuan? Hubungi kedutaan.", en: "In danger or need help? Contact the embassy." },
    Call => { id: "Telepon", en: "Call" },
    WhatsApp => { id: "WhatsApp", en: "WhatsApp" },
    WhatWeCanHelp => { id: "Apa yang Anda perlukan?", en: "What do you need?" },
    JobGuidance => { id: "Cara pulang dan bantuan", en: "How to get home, and help" },
    JobGuidanceHint => { id: "Paspor hilang, dokumen, tiket, keselamatan.", en: "Lost passport, documents, tickets, safety." },
    JobRegister => { id: "Daftar sebelum datang", en: "Register before you come" },
    JobRegisterHint => { id: "Isi data dulu. Antrean di kedutaan jadi lebih cepat.", en: "Fill in your details first. Your visit will be shorter." },
    JobAdvisories => { id: "Bisakah saya datang hari ini?", en: "Can I come today?" },
    JobCase => { id: "Di mana kasus saya?", en: "Where is my case?" },
    JobCaseHint => { id: "Lihat tahap kasus Anda dan yang perlu dilakukan.", en: "See the stage of your case and what to do next." },
    JobAdvisoriesHint => { id: "Buka atau tutup, dan berapa lama menunggu.", en: "Open or closed, and how long the wait is." },
    Address => { id: "Alamat", en: "Address" },
    OpeningHours => { id: "Jam buka", en: "Opening hours" },
    OfficialLinks => { id: "Situs resmi", en: "Official websites" },
    Privacy => { id: "Privasi dan keamanan", en: "Privacy and safety" },
    Home => { id: "Beranda", en: "Home" },
    Guidance => { id: "Panduan", en: "Guidance" },
    Register => { id: "Pendaftaran", en: "Registration" },
    Advisories => { id: "Info antrean", en: "Queue information" },
    BackHome => { id: "Kembali ke beranda", en: "Back to home" },
    NotFoundTitle => { id: "Halaman tidak ditemukan", en: "Page not found" },
    NotFoundBody => { id: "Alamat ini salah atau halaman sudah dipindah.", en: "This address is wrong, or the page has moved." },
    Loading => { id: "Memuat…", en: "Loading…" },
    PieceOfflineTitle => { id: "Halaman ini perlu internet sekali", en: "This page needs the internet once" },
    PieceOfflineBody => {
        id: "Bagian ini belum tersimpan di ponsel. Sambungkan internet, lalu buka lagi. Setelah itu halaman ini bisa dibuka tanpa internet.",
        en: "This part is not on your phone yet. Connect to the internet, then open it again. After that, it opens without the internet.",
    },
    PieceFailedTitle => { id: "Halaman ini gagal dibuka", en: "This page did not open" },
    PieceFailedBody => {
        id: "Sinyal Anda mungkin lemah, atau situs ini baru diperbarui. Coba lagi. Jika tetap gagal, hubungi kedutaan. Nomornya ada di bawah.",
        en: "Your signal may be weak, or this site was just updated. Try again. If it still fails, contact the embassy. The numbers are below.",
    },
    ProfileErrorTitle => { id: "Data kedutaan tidak bisa dimuat", en: "The embassy details could not be loaded" },
    ProfileErrorBody => {
        id: "Periksa internet Anda, lalu muat ulang halaman. Jika masih gagal, datang ke kedutaan pada jam buka.",
        en: "Check your internet, then reload the page. If it still fails, come to the embassy during opening hours.",
    },
    TryAgain => { id: "Coba lagi", en: "Try again" },
    NoScript => {
        id: "JavaScript mati. Nomor darurat dan panduan tetap bisa dibaca. Pendaftaran perlu JavaScript.",
        en: "JavaScript is off. You can still read the emergency numbers and guidance. Registration needs JavaScript.",
    },
    PrivacyTitle => { id: "Privasi dan keamanan", en: "Privacy and safety" },
    PrivacyStoredTitle => { id: "Apa yang disimpan di ponsel ini", en: "What is kept on this phone" },
    PrivacyStored1 => { id: "Pilihan bahasa Anda.", en: "Your language choice." },
    PrivacyStored2 => {
        id: "Jawaban formulir pendaftaran yang belum dikirim. Dihapus otomatis 7 hari setelah perubahan terakhir. Pendaftaran yang menunggu sinyal disimpan sampai terkirim atau Anda hapus.",
        en: "Registration answers you have not sent yet. Deleted by itself 7 days after the last change. A registration waiting for signal is kept until it is sent or you delete it.",
    },
    PrivacyStored3 => {
        id: "Setelah terkirim: hanya nomor referensi, tanggalnya, dan jenis bantuan yang Anda minta. Untuk ditunjukkan di kedutaan dan untuk info antrean.",
        en: "After sending: only your reference number, its date, and the kinds of help you asked for. To show at the embassy, and for the queue information.",
    },
    PrivacyStored4 => {
        id: "Halaman yang sudah dibuka, agar bisa dibaca tanpa internet. Juga aplikasi ini, setelah Anda memakai formulir atau info antrean.",
        en: "Pages you opened, so you can read them without internet. Also this app, once you have used the form or the queue information.",
    },
    PrivacyStored5 => {
        id: "Info antrean terakhir (tanpa data pribadi), agar bisa dilihat tanpa internet.",
        en: "The last queue information (no personal data), so you can see it without internet.",
    },
    PrivacyStored6 => {
        id: "Jawaban terakhir dari \"Di mana kasus saya?\" (tahap kasus, tanpa data pribadi). Tanggal lahir hanya jika Anda memilih \"Ingat di ponsel ini\".",
        en: "The last answer from \"Where is my case?\" (the stage of your case, no personal data). Your date of birth only if you choose \"Remember on this phone\".",
    },
    PrivacySentTitle => { id: "Apa yang dikirim, dan ke siapa", en: "What is sent, and to whom" },
    PrivacySent1 => {
        id: "Pendaftaran dikirim hanya ke kedutaan. Petugas kedutaan memakainya untuk membantu Anda.",
        en: "Your registration goes only to the embassy. Embassy staff use it to help you.",
    },
    PrivacySent2 => {
        id: "Tidak ada iklan. Tidak ada pelacak. Situs ini tidak memuat apa pun dari situs lain.",
        en: "No ads. No trackers. This site loads nothing from other websites.",
    },
    PrivacyKeptTitle => { id: "Berapa lama kedutaan menyimpan data Anda", en: "How long the embassy keeps your details" },
    // The number of days (the profile's `retention_days`) goes between 1 and 2.
    PrivacyKept1 => { id: "Kedutaan menyimpan pendaftaran Anda selama", en: "The embassy keeps your registration for" },
    PrivacyKept2 => {
        id: "hari setelah perubahan terakhir pada kasus Anda. Sesudah itu, pendaftaran dan riwayat kasus Anda dihapus.",
        en: "days after the last change to your case. Then your registration and its case history are deleted.",
    },
    PrivacyKept3 => {
        id: "Setiap kali petugas mengubah tahap kasus Anda, hitungan mulai lagi. Jika kasus Anda selesai, hitungan mulai pada hari itu.",
        en: "Each time staff move your case to a new step, the count starts again. When your case is closed, the count starts on that day.",
    },
    PrivacyKept4 => {
        id: "Anda bisa meminta kedutaan menghapus pendaftaran Anda lebih cepat.",
        en: "You can ask the embassy to delete your registration sooner.",
    },
    PrivacyDeleteTitle => { id: "Hapus data dari ponsel ini", en: "Delete data from this phone" },
    PrivacyDeleteBody => {
        id: "Tombol ini menghapus semua yang disimpan situs ini di ponsel Anda.",
        en: "This button deletes everything this site keeps on your phone.",
    },
    PrivacyDeleteButton => { id: "Hapus semua data saya dari ponsel ini", en: "Delete all my data from this phone" },
    PrivacyDeleting => { id: "Sedang menghapus…", en: "Deleting…" },
    PrivacyDeleted => { id: "Selesai. Data di ponsel ini sudah dihapus.", en: "Done. The data on this phone is deleted." },
    PrivacySafetyTitle => { id: "Jika ada yang mengawasi ponsel Anda", en: "If someone watches your phone" },
    PrivacySafety1 => {
        id: "Tombol \"Keluar dari halaman ini\" langsung membuka situs lain.",
        en: "The \"Exit this page\" button opens another website at once.",
    },
    PrivacySafety2 => {
        id: "Tombol itu tidak bisa menghapus riwayat browser. Hapus riwayat sendiri: buka menu browser, pilih Riwayat, lalu Hapus data penjelajahan.",
        en: "The button cannot delete your browser history. Delete it yourself: open the browser menu, choose History, then Clear browsing data.",
    },
    PrivacySafety3 => {
        id: "Lebih aman: pakai mode penyamaran (incognito).",
        en: "Safer: use incognito (private) mode.",
    },
    SkipLinkNav => { id: "Menu utama", en: "Main menu" },
    UpdateReady => {
        id: "Versi baru situs ini sudah siap. Jawaban Anda tetap tersimpan.",
        en: "A new version of this site is ready. Your answers are kept.",
    },
    UpdateButton => { id: "Pakai versi baru", en: "Use the new version" },
    CasePageLink => {
        id: "Cek kasus versi ringan (untuk sinyal lemah)",
        en: "Light case check page (for weak signal)",
    },
    StatusPageLink => {
        id: "Info antrean versi ringan (untuk sinyal lemah)",
        en: "Light queue status page (for weak signal)",
    },
}
