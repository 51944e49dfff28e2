//! Texts of the guidance pages (articles are content, in `content/`).

catalogue! {
    Title => { id: "Panduan", en: "Guidance" },
    Intro => {
        id: "Pilih topik. Semua panduan bisa dibaca tanpa internet setelah dibuka sekali.",
        en: "Choose a topic. Every page you open once can be read later without internet.",
    },
    SearchLabel => { id: "Cari panduan", en: "Search the guidance" },
    SearchHint => { id: "Contoh: paspor hilang, tiket, SPLP", en: "For example: lost passport, ticket, SPLP" },
    SearchNoResults => { id: "Tidak ada hasil. Coba kata lain.", en: "No results. Try other words." },
    SearchResults => { id: "hasil", en: "results" },
    SearchUnavailable => {
        id: "Pencarian tidak bisa dimuat. Periksa internet Anda, atau pilih topik di bawah.",
        en: "Search could not be loaded. Check your internet, or choose a topic below.",
    },
    TopicTravel => { id: "Pulang ke Indonesia", en: "Travelling home" },
    TopicDocuments => { id: "Paspor dan dokumen", en: "Passports and documents" },
    TopicExit => { id: "Keluar dari negara ini", en: "Leaving the country" },
    TopicEmbassy => { id: "Bantuan kedutaan", en: "Help from the embassy" },
    TopicSafety => { id: "Keselamatan", en: "Staying safe" },
    TopicFamily => { id: "Untuk keluarga", en: "For families" },
    TopicOther => { id: "Lainnya", en: "Other" },
    LastReviewed => { id: "Terakhir diperiksa", en: "Last reviewed" },
    OnThisPage => { id: "Di halaman ini", en: "On this page" },
    Sources => { id: "Sumber", en: "Sources" },
    SampleNote => {
        id: "Contoh. Ini teks umum. Kedutaan harus memeriksa dan menyesuaikannya. Tanyakan aturan dan biaya terbaru ke kedutaan.",
        en: "Sample. This is general text. The embassy must check and adapt it. Ask the embassy for the latest rules and fees.",
    },
    AvailableOffline => { id: "Bisa dibaca tanpa internet", en: "Can be read offline" },
    Share => { id: "Bagikan halaman ini", en: "Share this page" },
    LinkCopied => { id: "Tautan disalin. Tempel di pesan untuk keluarga Anda.", en: "Link copied. Paste it in a message to your family." },
    CopyThisLink => { id: "Salin tautan ini:", en: "Copy this link:" },
    AllGuidance => { id: "Semua panduan", en: "All guidance" },
    ArticleNotFoundTitle => { id: "Panduan tidak ditemukan", en: "Guidance page not found" },
    ArticleNotFoundBody => {
        id: "Halaman panduan ini tidak ada. Mungkin alamatnya salah.",
        en: "This guidance page does not exist. The address may be wrong.",
    },
    LoadErrorTitle => { id: "Halaman ini tidak bisa dimuat", en: "This page could not be loaded" },
    LoadErrorBody => {
        id: "Anda mungkin sedang tanpa internet, dan halaman ini belum pernah dibuka. Coba lagi nanti, atau hubungi nomor darurat.",
        en: "You may be offline, and this page was not opened before. Try again later, or call the emergency numbers.",
    },
}

/// The heading of a topic key from the content files.
pub fn topic_label(topic: &str) -> Key {
    match topic {
        "travel" => Key::TopicTravel,
        "documents" => Key::TopicDocuments,
        "exit" => Key::TopicExit,
        "embassy" => Key::TopicEmbassy,
        "safety" => Key::TopicSafety,
        "family" => Key::TopicFamily,
        _ => Key::TopicOther,
    }
}
