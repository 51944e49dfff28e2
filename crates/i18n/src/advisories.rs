//! Texts of the queue advisories (the public page, the compact line on the
//! home page) and of the staff page that posts them. Short sentences.
//!
//! Verdict, status, reason and validation texts are in `labels`
//! (`verdict_label`, `point_status_label`) and `advisory_errors` (`message`),
//! so the app, the backend and the status pages say the same words.

use crate::Lang;

catalogue! {
    // ---- The public page and the compact line -------------------------
    PageTitle => { id: "Bisakah saya datang hari ini?", en: "Can I come today?" },
    LineTitle => { id: "Hari ini di kedutaan", en: "Today at the embassy" },
    LineMore => { id: "Lihat info antrean lengkap", en: "See all queue information" },
    Offline => {
        id: "Anda sedang offline. Ini info terakhir yang tersimpan di ponsel ini.",
        en: "You are offline. This is the last information saved on this phone.",
    },
    FetchFailed => {
        id: "Info baru tidak bisa dimuat. Ini info terakhir yang tersimpan di ponsel ini.",
        en: "New information could not be loaded. This is the last information saved on this phone.",
    },
    LastChecked => { id: "Terakhir diperiksa", en: "Last checked" },
    NothingLoaded => {
        id: "Info antrean tidak bisa dimuat. Periksa internet Anda, lalu coba lagi.",
        en: "The queue information could not be loaded. Check your internet, then try again.",
    },
    NothingLoadedOffline => {
        id: "Anda sedang offline, dan belum ada info antrean di ponsel ini.",
        en: "You are offline, and there is no queue information on this phone yet.",
    },
    NoAdvisory => {
        id: "Belum ada info antrean terbaru. Lihat jam buka kedutaan di bawah.",
        en: "No current queue advisory. See the embassy's opening hours below.",
    },
    UnknownHint => {
        id: "Jika ragu, hubungi kedutaan sebelum datang.",
        en: "If you are not sure, contact the embassy before you come.",
    },
    LastAdvisory => { id: "Info terakhir", en: "Last advisory" },
    Updated => { id: "Diperbarui", en: "Updated" },
    NextUpdate => { id: "Info baru paling lambat pukul", en: "Next update by" },
    ValidUntil => { id: "Berlaku sampai", en: "Valid until" },
    TimesAreLocal => { id: "Semua jam adalah waktu setempat", en: "All times are local time" },
    Notice => { id: "Pengumuman", en: "Notice" },
    ElsewhereTitle => { id: "Pergi ke tempat ini", en: "Go to this place instead" },
    Place => { id: "Tempat", en: "Place" },
    Hours => { id: "Jam", en: "Hours" },
    PointsTitle => { id: "Loket", en: "Service points" },
    Status => { id: "Keadaan", en: "Status" },
    Wait => { id: "Waktu tunggu", en: "Wait" },
    NowServing => { id: "Sekarang dilayani", en: "Now serving" },
    CountersOpen => { id: "Loket buka", en: "Counters open" },
    Of => { id: "dari", en: "of" },
    WaitingInside => { id: "Menunggu di dalam", en: "Waiting inside" },
    LineOutside => { id: "Antre di luar", en: "Queuing outside" },
    People => { id: "orang", en: "people" },
    InvitationTitle => { id: "Siapa yang diundang", en: "Who is invited" },
    InvitationDay => { id: "Tanggal", en: "Date" },
    InvitationWindow => { id: "Jam datang", en: "Come between" },
    RegisteredBefore => { id: "Hanya yang mendaftar sebelum", en: "Only people who registered before" },
    HelpKinds => { id: "Jenis bantuan", en: "Kinds of help" },
    AnyHelp => { id: "semua jenis bantuan", en: "any kind of help" },
    ForMeTitle => { id: "Untuk saya", en: "For me" },
    ForMeNoReceipt => {
        id: "Anda belum mendaftar di ponsel ini.",
        en: "You have not registered on this phone.",
    },
    ForMeRegister => { id: "Daftar dulu di sini", en: "Register here first" },
    ForMeRegisterWhy => {
        id: "Setelah mendaftar, halaman ini memberi tahu kapan Anda boleh datang.",
        en: "After you register, this page tells you when you can come.",
    },
    ForMeStale => {
        id: "Belum bisa dipastikan. Info antrean mungkin sudah tidak benar.",
        en: "We cannot tell now. The queue information may be out of date.",
    },
    ForMeDoNotCome => {
        id: "Jangan datang hari ini, walaupun Anda sudah mendaftar. Pendaftaran Anda tetap tersimpan.",
        en: "Do not come today, even though you registered. Your registration is kept.",
    },
    ForMeElsewhere => {
        id: "Jangan datang ke kedutaan. Pergi ke tempat yang tertulis di atas.",
        en: "Do not come to the embassy. Go to the place given above.",
    },
    ForMeNoRule => {
        id: "Hari ini hanya untuk yang diundang, tetapi aturannya belum diumumkan. Jangan datang dulu.",
        en: "Today is for invited people only, but the rule is not published yet. Do not come yet.",
    },
    ForMeCannotTell => {
        id: "Kami tidak bisa memastikan dari ponsel ini. Hubungi kedutaan.",
        en: "We cannot tell from this phone. Contact the embassy.",
    },
    ForMeNotYet => { id: "Belum.", en: "Not yet." },
    ForMeNotYetNext => {
        id: "Jangan datang hari ini. Periksa halaman ini lagi nanti.",
        en: "Do not come today. Check this page again later.",
    },
    YourReference => { id: "Nomor referensi Anda", en: "Your reference" },
    Changed => { id: "Info antrean berubah:", en: "Queue information changed:" },
    Checking => { id: "Memeriksa…", en: "Checking…" },

    // ---- The staff page ------------------------------------------------
    StaffTitle => { id: "Info antrean (petugas)", en: "Queue advisory (staff)" },
    StaffIntro => {
        id: "Halaman ini untuk petugas KBRI: meja layanan untuk pendaftaran dan kasus, dan kabar antrean. Kabar antrean yang Anda terbitkan dilihat semua orang.",
        en: "This page is for embassy staff: the desk for registrations and cases, and the queue advisory. A queue advisory you publish is seen by everyone.",
    },
    StaffLangSwitch => { id: "Ganti ke English", en: "Switch to Bahasa Indonesia" },
    TokenTitle => { id: "Token petugas", en: "Staff token" },
    TokenLabel => { id: "Token petugas", en: "Staff token" },
    TokenHint => {
        id: "Disimpan hanya di browser ini sampai browser ditutup.",
        en: "Kept only in this browser until you close it.",
    },
    TokenUse => { id: "Pakai token ini", en: "Use this token" },
    TokenSaved => {
        id: "Token tersimpan untuk sesi browser ini.",
        en: "Token saved for this browser session.",
    },
    TokenForget => { id: "Lupakan token", en: "Forget token" },
    TokenForgotten => { id: "Token sudah dilupakan.", en: "The token is forgotten." },
    TokenEmpty => { id: "Masukkan token petugas.", en: "Enter the staff token." },
    TokenWrong => {
        id: "Token salah. Tidak ada yang diterbitkan. Masukkan token lagi.",
        en: "The token is wrong. Nothing was published. Enter the token again.",
    },
    TokenFirst => {
        id: "Masukkan token petugas dulu. Tidak ada yang diterbitkan.",
        en: "Enter the staff token first. Nothing was published.",
    },
    QuickTitle => { id: "Tindakan cepat", en: "Quick action" },
    FullToday => { id: "Penuh hari ini", en: "Full for today" },
    FullTodayHint => {
        id: "Langsung terbit: Jangan datang hari ini. Datang besok pada jam buka.",
        en: "Publishes at once: Do not come today. Come tomorrow at opening time.",
    },
    FormTitle => { id: "Terbitkan info antrean", en: "Publish an advisory" },
    VerdictLegend => { id: "Apa yang harus dilakukan orang hari ini?", en: "What should people do today?" },
    NoticeLegend => { id: "Pesan untuk semua (boleh kosong)", en: "Message for everyone (optional)" },
    TemplateLabel => { id: "Mulai dari contoh pesan", en: "Start from a ready message" },
    TemplateNone => { id: "Pilih pesan", en: "Choose a message" },
    TemplateTime => { id: "Jam di dalam pesan", en: "Time in the message" },
    TemplateUse => { id: "Pakai pesan ini", en: "Use this message" },
    InIndonesian => { id: "Dalam Bahasa Indonesia", en: "In Bahasa Indonesia" },
    InEnglish => { id: "Dalam bahasa Inggris", en: "In English" },
    ElsewhereAddress => { id: "Alamat", en: "Address" },
    ElsewhereLegend => { id: "Tempat lain", en: "The other place" },
    InvitationLegend => { id: "Aturan undangan", en: "Invitation rule" },
    InvitationOn => { id: "Terbitkan aturan undangan", en: "Publish an invitation rule" },
    InvitationFrom => { id: "Datang mulai", en: "Come from" },
    InvitationTo => { id: "Sampai", en: "Until" },
    BeforeLegend => {
        id: "Hanya yang mendaftar sebelum (boleh kosong = semua)",
        en: "Only people who registered before (empty = everyone)",
    },
    DateLabel => { id: "Tanggal", en: "Date" },
    TimeLabel => { id: "Jam", en: "Time" },
    HelpLegend => {
        id: "Jenis bantuan yang dilayani (tidak dipilih = semua)",
        en: "Kinds of help served (none chosen = all)",
    },
    PointLegend => { id: "Loket", en: "Service point" },
    PointCode => { id: "Kode singkat (a-z, 0-9, -)", en: "Short code (a-z, 0-9, -)" },
    PointName => { id: "Nama loket", en: "Name of the service point" },
    PointStatusLabel => { id: "Keadaan", en: "Status" },
    WaitMin => { id: "Waktu tunggu paling cepat (menit)", en: "Shortest wait (minutes)" },
    WaitMax => { id: "Waktu tunggu paling lama (menit)", en: "Longest wait (minutes)" },
    NowServingLabel => { id: "Nomor yang sedang dilayani", en: "Number now being served" },
    CountersOpenLabel => { id: "Loket buka", en: "Counters open" },
    CountersMaxLabel => { id: "Jumlah loket", en: "Counters in all" },
    WaitingInsideLabel => { id: "Orang menunggu di dalam", en: "People waiting inside" },
    LineOutsideLabel => { id: "Orang antre di luar", en: "People queuing outside" },
    PointMessage => { id: "Pesan untuk loket ini (boleh kosong)", en: "Message for this service point (optional)" },
    DefaultPointName => { id: "Loket utama", en: "Main counter" },
    PointAdd => { id: "Tambah loket", en: "Add a service point" },
    PointRemove => { id: "Hapus loket ini", en: "Remove this service point" },
    TimesLegend => { id: "Waktu", en: "Times" },
    NextUpdateLegend => { id: "Info baru paling lambat", en: "Next update by" },
    ValidUntilLegend => { id: "Berlaku sampai", en: "Valid until" },
    RefreshLabel => { id: "Ponsel memeriksa lagi setiap (detik)", en: "Phones check again every (seconds)" },
    RefreshHint => { id: "Dari 30 sampai 3600. Kosong = 300.", en: "From 30 to 3600. Empty = 300." },
    PreviewTitle => { id: "Yang dilihat orang", en: "What people see" },
    Publish => { id: "Terbitkan", en: "Publish" },
    Publishing => { id: "Sedang menerbitkan…", en: "Publishing…" },
    Published => { id: "Sudah terbit. Ponsel akan menampilkannya dalam beberapa menit.", en: "Published. Phones show it within a few minutes." },
    ErrorSummaryTitle => { id: "Ada masalah", en: "There is a problem" },
    ErrorTitlePrefix => { id: "Kesalahan", en: "Error" },
    WholeNumber => { id: "Tulis angka bulat, misalnya 30.", en: "Write a whole number, for example 30." },
    DateTimeNeeded => { id: "Pilih tanggal dan jam.", en: "Choose a date and a time." },
    PublishNetwork => {
        id: "Tidak ada koneksi. Tidak ada yang diterbitkan. Coba lagi.",
        en: "No connection. Nothing was published. Try again.",
    },
    PublishServer => {
        id: "Server tidak bisa menerbitkan. Tidak ada yang diterbitkan. Coba lagi.",
        en: "The server could not publish. Nothing was published. Try again.",
    },
    PublishTooMany => {
        id: "Terlalu banyak percobaan. Tunggu satu menit, lalu coba lagi.",
        en: "Too many tries. Wait a minute, then try again.",
    },
    TimesLocal => { id: "Jam di halaman ini adalah waktu setempat", en: "Times on this page are local time" },
}

pub use crate::dates::{age, month};

/// When the page asks again by itself after an error: "within a minute",
/// else the whole minutes left, rounded up (never sooner than it says).
pub fn retry_in(lang: Lang, seconds: i64) -> String {
    let minutes = (seconds.max(0) + 59) / 60;
    match (lang, minutes) {
        (Lang::Id, 0 | 1) => "Akan dicoba lagi otomatis dalam 1 menit.".into(),
        (Lang::En, 0 | 1) => "It will try again by itself within a minute.".into(),
        (Lang::Id, m) => format!("Akan dicoba lagi otomatis dalam {m} menit."),
        (Lang::En, m) => format!("It will try again by itself in {m} minutes."),
    }
}

/// The "yes, you are invited" answer. `day` is `None` for today, or a date
/// in words; `window` the times to come; `registered` the day the person
/// registered; `cutoff` whether the rule had a registration cut-off.
pub fn for_me_yes(
    lang: Lang,
    registered: &str,
    cutoff: bool,
    day: Option<&str>,
    window: Option<(&str, &str)>,
) -> String {
    let mut s = String::new();
    match lang {
        Lang::Id => {
            s.push_str("Ya, Anda diundang. ");
            s.push_str(&format!("Anda mendaftar pada {registered}"));
            s.push_str(if cutoff {
                ", sebelum batas waktu. "
            } else {
                ". "
            });
            match day {
                None => s.push_str("Datang hari ini"),
                Some(d) => s.push_str(&format!("Datang pada {d}")),
            }
            if let Some((a, b)) = window {
                s.push_str(&format!(", pukul {a}–{b}"));
            }
            s.push_str(". Bawa nomor referensi Anda.");
        }
        Lang::En => {
            s.push_str("Yes, you are invited. ");
            s.push_str(&format!("You registered on {registered}"));
            s.push_str(if cutoff {
                ", before the cut-off. "
            } else {
                ". "
            });
            match day {
                None => s.push_str("Come today"),
                Some(d) => s.push_str(&format!("Come on {d}")),
            }
            if let Some((a, b)) = window {
                s.push_str(&format!(", between {a} and {b}"));
            }
            s.push_str(". Bring your reference.");
        }
    }
    s
}

/// "Everyone may come today": for the `come` verdict with a registration.
pub fn for_me_come(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "Hari ini semua boleh datang. Bawa nomor referensi Anda.",
        Lang::En => "Everyone can come today. Bring your reference.",
    }
}

/// "Service point 2" in the staff form.
pub fn point_n(lang: Lang, n: usize) -> String {
    match lang {
        Lang::Id => format!("Loket {n}"),
        Lang::En => format!("Service point {n}"),
    }
}

/// "Published at 08:00." with the time the server gave.
pub fn published_at(lang: Lang, time: &str) -> String {
    match lang {
        Lang::Id => {
            format!("Sudah terbit pukul {time}. Ponsel menampilkannya dalam beberapa menit.")
        }
        Lang::En => format!("Published at {time}. Phones show it within a few minutes."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_never_read_sooner_than_they_are() {
        assert_eq!(
            retry_in(Lang::En, 15),
            "It will try again by itself within a minute."
        );
        assert_eq!(
            retry_in(Lang::En, -3),
            "It will try again by itself within a minute."
        );
        assert_eq!(
            retry_in(Lang::En, 61),
            "It will try again by itself in 2 minutes."
        );
        assert_eq!(
            retry_in(Lang::Id, 300),
            "Akan dicoba lagi otomatis dalam 5 menit."
        );
    }

    #[test]
    fn yes_sentence() {
        let s = for_me_yes(Lang::En, "22 Nov", true, None, Some(("09:00", "12:00")));
        assert_eq!(
            s,
            "Yes, you are invited. You registered on 22 Nov, before the cut-off. \
             Come today, between 09:00 and 12:00. Bring your reference."
        );
        let s = for_me_yes(Lang::Id, "22 Nov", false, Some("23 Nov"), None);
        assert!(s.contains("Datang pada 23 Nov."), "{s}");
    }
}
