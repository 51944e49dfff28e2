//! Texts of "Where is my case?": the app's page and the backend's no-script
//! page say the same words. The stages' own names and meanings are data
//! (`stages.json`), not here.

catalogue! {
    Title => { id: "Di mana kasus saya?", en: "Where is my case?" },
    Intro => {
        id: "Tulis nomor pendaftaran dari tanda terima Anda dan tanggal lahir yang Anda isi di formulir.",
        en: "Enter the reference from your receipt and the date of birth you gave in the form.",
    },
    ReferenceLabel => { id: "Nomor pendaftaran", en: "Reference" },
    ReferenceHint => {
        id: "Contoh: 7KQ4-M2XHF. Huruf O, I, L, U, V dan angka 0, 1 tidak pernah dipakai.",
        en: "For example 7KQ4-M2XHF. The letters O, I, L, U, V and the numbers 0 and 1 are never used.",
    },
    DobLabel => { id: "Tanggal lahir", en: "Date of birth" },
    DobHint => { id: "Tanggal, bulan, tahun. Contoh: 17-05-1990", en: "Day, month, year. For example 17-05-1990" },
    Submit => { id: "Lihat kasus saya", en: "Check my case" },
    ReferenceMissing => { id: "Tulis nomor pendaftaran Anda.", en: "Enter your reference." },
    ReferenceInvalid => {
        id: "Nomor pendaftaran ini tidak benar. Periksa setiap huruf dan angka.",
        en: "This reference is not right. Check each letter and number.",
    },
    DobMissing => { id: "Tulis tanggal lahir Anda.", en: "Enter your date of birth." },
    DobInvalid => {
        id: "Tulis tanggal lahir dengan tanggal, bulan dan tahun, contoh 17-05-1990.",
        en: "Enter your date of birth as day, month and year, for example 17-05-1990.",
    },
    FailedTitle => { id: "Kasus tidak bisa ditampilkan", en: "We cannot show a case" },
    FailedBody => {
        id: "Kami tidak bisa menampilkan kasus untuk nomor dan tanggal lahir ini. Periksa keduanya, lalu coba lagi.",
        en: "We cannot show a case for this reference and date of birth. Check both, then try again.",
    },
    FailedLock => {
        id: "Setelah 5 kali salah, nomor ini dikunci 15 menit. Jika tetap tidak bisa, hubungi KBRI.",
        en: "After 5 wrong tries, this reference is locked for 15 minutes. If it still does not work, contact the embassy.",
    },
    StagesTitle => { id: "Tahap kasus Anda", en: "The stages of your case" },
    StageDone => { id: "Selesai", en: "Done" },
    StageNow => { id: "Sekarang", en: "Now" },
    StageLater => { id: "Belum", en: "Still to come" },
    LastChanged => { id: "Terakhir berubah", en: "Last changed" },
    NextTitle => { id: "Yang perlu Anda lakukan", en: "What you do next" },
    NothingToDo => {
        id: "Tidak ada. Anda tidak perlu datang untuk bertanya. Jika ada perubahan, akan tampil di sini.",
        en: "Nothing. You do not need to come to ask. Any change will show here.",
    },
    BringTitle => { id: "Yang perlu dibawa", en: "What to bring" },
    InvitationTitle => { id: "Undangan untuk Anda", en: "Your invitation" },
    InvitationWhen => { id: "Kapan", en: "When" },
    InvitationWhere => { id: "Di mana", en: "Where" },
    NoteTitle => { id: "Pesan dari KBRI", en: "A message from the embassy" },
    FreeLine => {
        id: "Layanan KBRI gratis, kecuali biaya resmi SPLP. KBRI tidak pernah meminta pembayaran lewat telepon atau chat.",
        en: "Embassy services are free, except the official SPLP fee. The embassy never asks for payment by phone or chat.",
    },
    Again => { id: "Cari kasus lain", en: "Look up another case" },
    NoStore => {
        id: "Halaman ini tidak menyimpan apa pun di ponsel Anda.",
        en: "This page keeps nothing on your phone.",
    },
    App => { id: "Buka portal lengkap", en: "Open the full portal" },
    Remember => { id: "Ingat tanggal lahir saya di ponsel ini", en: "Remember my date of birth on this phone" },
    RememberHint => {
        id: "Hanya jika ponsel ini milik Anda sendiri. Bisa dihapus di halaman Privasi.",
        en: "Only if this phone is yours alone. You can delete it on the Privacy page.",
    },
    Checking => { id: "Sedang memeriksa…", en: "Checking…" },
    CheckAgain => { id: "Periksa lagi", en: "Check again" },
    Checked => { id: "Diperiksa", en: "Checked" },
    LastSeen => { id: "Tahap terakhir yang Anda lihat", en: "The last stage you saw" },
    OfflineTitle => { id: "Tidak ada internet", en: "No internet" },
    OfflineLast => {
        id: "Ini jawaban terakhir yang tersimpan di ponsel ini. Mungkin sudah berubah.",
        en: "This is the last answer kept on this phone. It may be out of date.",
    },
    OfflineNone => {
        id: "Sambungkan internet, lalu coba lagi. Nomor darurat di bawah bisa dipakai tanpa internet.",
        en: "Connect to the internet, then try again. The emergency numbers below work without internet.",
    },
    ServerProblem => {
        id: "Kasus tidak bisa diperiksa sekarang. Coba lagi sebentar lagi.",
        en: "We cannot check cases right now. Try again in a little while.",
    },
    TooMany => {
        id: "Terlalu banyak percobaan dari sambungan ini. Tunggu sebentar, lalu coba lagi.",
        en: "Too many tries from this connection. Wait a little, then try again.",
    },
    ErrorSummaryTitle => { id: "Ada masalah", en: "There is a problem" },
    ErrorWord => { id: "Kesalahan", en: "Error" },
    Sample => { id: "DATA CONTOH: bukan kasus asli.", en: "SAMPLE DATA: not a real case." },
}
