//! Texts of the backend's status pages `/status/id` and `/status/en` (tiny
//! server-rendered HTML for the slowest phones). Verdicts, states, kinds of
//! help and reasons come from `labels` and `advisory_errors`, as in the app.

use crate::Lang;

catalogue! {
    Title => { id: "Status antrean", en: "Queue status" },
    Sample => { id: "DATA CONTOH: bukan informasi asli.", en: "SAMPLE DATA: not real information." },
    NoAdvisory => { id: "Belum ada informasi antrean terbaru. Ini jam buka kedutaan.", en: "No current queue advisory. These are the embassy's opening hours." },
    Last => { id: "Informasi terakhir:", en: "Last advisory:" },
    Place => { id: "Tempat", en: "Place" },
    Address => { id: "Alamat", en: "Address" },
    Hours => { id: "Jam", en: "Hours" },
    Invited => { id: "Undangan untuk", en: "Invitation for" },
    RegisteredBefore => { id: "Hanya yang mendaftar sebelum", en: "Only people who registered before" },
    Help => { id: "Jenis bantuan", en: "Kinds of help" },
    AnyHelp => { id: "semua jenis bantuan", en: "any kind of help" },
    Points => { id: "Loket", en: "Service points" },
    Wait => { id: "Waktu tunggu", en: "Wait" },
    WaitUnknown => { id: "Waktu tunggu tidak diketahui.", en: "Wait time unknown." },
    Inside => { id: "Menunggu di dalam", en: "Waiting inside" },
    Outside => { id: "Antre di luar", en: "Queuing outside" },
    People => { id: "orang", en: "people" },
    Serving => { id: "Sekarang dilayani", en: "Now serving" },
    Counters => { id: "Loket buka", en: "Counters open" },
    Of => { id: "dari", en: "of" },
    Updated => { id: "Diperbarui", en: "Updated" },
    Next => { id: "Pembaruan berikutnya paling lambat", en: "Next update due by" },
    Valid => { id: "Berlaku sampai", en: "Valid until" },
    AfterValid => { id: "Setelah itu, anggap status tidak diketahui.", en: "After that, treat the status as unknown." },
    Local => { id: "Semua jam adalah waktu setempat", en: "All times are local time" },
    Opening => { id: "Jam buka", en: "Opening hours" },
    EmbassyAddress => { id: "Alamat kedutaan", en: "Embassy address" },
    App => { id: "Buka portal lengkap", en: "Open the full portal" },
}

/// The word before an invitation's time window ("pukul 08:00–10:00"; none in
/// English).
pub fn window_prefix(lang: Lang) -> &'static str {
    match lang {
        Lang::Id => "pukul ",
        Lang::En => "",
    }
}
