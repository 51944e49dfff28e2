//! Texts of the pre-registration form (`/:lang/register`). Error messages
//! for answers are not here: they come from
//! `registration_errors::message(code, lang)`, the same words the backend uses.
//!
//! Short sentences, common words: many readers had little schooling.
catalogue! {
    // -- Start page --------------------------------------------------------
    StartTitle => { id: "Daftar sebelum datang ke kedutaan", en: "Register before you come to the embassy" },
    StartLead => {
        id: "Isi formulir pendek ini sebelum datang. Kunjungan Anda jadi lebih cepat, dan Anda tidak perlu antre dua kali.",
        en: "Fill in this short form before you come. Your visit will be shorter, and you will not have to queue twice.",
    },
    NotLaporDiri => {
        id: "Ini bukan \"lapor diri\" di Peduli WNI. Formulir ini hanya menyiapkan satu kunjungan ke kedutaan. Anda tidak perlu membuat akun.",
        en: "This is not \"lapor diri\" (self-reporting) on Peduli WNI. This form only prepares one visit to the embassy. You do not need an account.",
    },
    DangerNow => {
        id: "Dalam bahaya sekarang? Jangan isi formulir dulu. Hubungi kedutaan.",
        en: "In danger now? Do not fill in the form first. Call the embassy.",
    },
    NeedTitle => { id: "Yang Anda perlukan", en: "What you need" },
    Need1 => { id: "Nama dan tanggal lahir Anda.", en: "Your name and date of birth." },
    Need2 => { id: "Nomor telepon yang bisa dihubungi.", en: "A phone number we can call." },
    Need3 => {
        id: "Jika ada: NIK (dari KTP atau Kartu Keluarga) dan nomor paspor. Tidak punya? Tidak apa-apa.",
        en: "If you have them: your NIK (from your ID card or family card) and passport number. Do not have them? That is fine.",
    },
    TimeTitle => { id: "Berapa lama", en: "How long it takes" },
    TimeBody => { id: "Sekitar 5 menit. Ada 9 pertanyaan pendek.", en: "About 5 minutes. There are 9 short questions." },
    NextTitle => { id: "Sesudah itu", en: "What happens next" },
    Next1 => {
        id: "Anda mendapat nomor referensi dan kode QR. Tunjukkan di kedutaan.",
        en: "You get a reference number and a QR code. Show them at the embassy.",
    },
    Next2 => {
        id: "Petugas sudah punya data Anda, jadi kunjungan lebih cepat.",
        en: "The staff already have your details, so your visit is faster.",
    },
    KeptTitle => { id: "Jawaban disimpan di ponsel ini", en: "Your answers are kept on this phone" },
    KeptBody => {
        id: "Jawaban disimpan di ponsel ini setiap kali Anda mengetik. Jadi jawaban tidak hilang jika halaman tertutup atau internet putus. Jawaban yang tidak dikirim dihapus otomatis setelah 7 hari.",
        en: "Your answers are saved on this phone as you type. So they are not lost if the page closes or the internet drops. Answers you do not send are deleted by themselves after 7 days.",
    },
    StartNow => { id: "Mulai", en: "Start now" },
    DraftFoundTitle => { id: "Ada jawaban Anda di ponsel ini", en: "You have answers saved on this phone" },
    ContinueAnswers => { id: "Lanjutkan mengisi", en: "Continue with your answers" },
    StartAgain => { id: "Mulai lagi dari awal", en: "Start again" },
    DeleteAnswers => { id: "Hapus jawaban saya dari ponsel ini", en: "Delete my answers from this phone" },
    ConfirmDelete => {
        id: "Ini menghapus jawaban dari ponsel ini. Tidak bisa dibatalkan. Anda yakin?",
        en: "This deletes the answers from this phone. It cannot be undone. Are you sure?",
    },
    ConfirmDeleteReference => {
        id: "Ini menghapus nomor referensi dari ponsel ini. Tulis dulu nomornya jika masih perlu. Anda yakin?",
        en: "This deletes the reference number from this phone. Write it down first if you still need it. Are you sure?",
    },
    YesDelete => { id: "Ya, hapus", en: "Yes, delete" },
    NoKeep => { id: "Tidak, simpan", en: "No, keep it" },
    AnswersDeleted => { id: "Jawaban Anda sudah dihapus dari ponsel ini.", en: "Your answers are deleted from this phone." },
    AlreadyRegisteredTitle => { id: "Anda sudah mendaftar", en: "You have already registered" },
    AlreadyRegisteredBody => {
        id: "Satu pendaftaran cukup. Bawa nomor referensi Anda ke kedutaan.",
        en: "One registration is enough. Bring your reference number to the embassy.",
    },
    RegisterAnother => { id: "Daftarkan orang lain", en: "Register another person" },

    // -- Every question page ------------------------------------------------
    Back => { id: "Kembali", en: "Back" },
    Continue => { id: "Lanjut", en: "Continue" },
    QuestionWord => { id: "Pertanyaan", en: "Question" },
    OfWord => { id: "dari", en: "of" },
    Optional => { id: "(tidak wajib)", en: "(optional)" },
    ErrorSummaryTitle => { id: "Ada masalah", en: "There is a problem" },
    ErrorWord => { id: "Galat", en: "Error" },
    SavedAsYouType => {
        id: "Jawaban Anda tersimpan otomatis di ponsel ini.",
        en: "Your answers are saved on this phone automatically.",
    },
    StorageFailed => {
        id: "Jawaban tidak bisa disimpan di ponsel ini (memori penuh atau mode penyamaran). Jangan tutup halaman ini sebelum mengirim.",
        en: "Your answers cannot be saved on this phone (storage is full or private mode is on). Do not close this page before you send.",
    },
    LockedBody => {
        id: "Pendaftaran ini sedang menunggu untuk dikirim. Jawaban tidak bisa diubah sekarang.",
        en: "This registration is waiting to be sent. You cannot change the answers now.",
    },
    SeeStatus => { id: "Lihat keadaannya", en: "See what is happening" },
    NoteTitle => { id: "Penting", en: "Important" },

    // -- Name --------------------------------------------------------------
    NameTitle => { id: "Siapa nama lengkap Anda?", en: "What is your full name?" },
    NameHint => {
        id: "Tulis seperti di paspor atau KTP, jika ada.",
        en: "Write it as on your passport or ID card, if you have one.",
    },

    // -- Date of birth and sex ----------------------------------------------
    BirthTitle => { id: "Kapan Anda lahir?", en: "When were you born?" },
    BirthLabel => { id: "Tanggal lahir", en: "Date of birth" },
    BirthHint => {
        id: "Pilih tanggal, bulan, dan tahun. Seperti di paspor atau KTP.",
        en: "Choose the day, month and year. As on your passport or ID card.",
    },
    SexLegend => { id: "Jenis kelamin", en: "Sex" },
    SexHint => { id: "Kami memakainya untuk memeriksa NIK.", en: "We use it to check your NIK." },
    Female => { id: "Perempuan", en: "Female" },
    Male => { id: "Laki-laki", en: "Male" },

    // -- NIK ---------------------------------------------------------------
    NikTitle => { id: "Apakah Anda tahu NIK Anda?", en: "Do you know your NIK?" },
    NikWhat => {
        id: "NIK (Nomor Induk Kependudukan) adalah 16 angka di KTP atau Kartu Keluarga (KK).",
        en: "The NIK (Nomor Induk Kependudukan) is the 16-digit number on your ID card (KTP) or family card (Kartu Keluarga).",
    },
    NikWhy => {
        id: "Dengan NIK, kedutaan lebih cepat menemukan data Anda dan membuat dokumen perjalanan.",
        en: "With your NIK, the embassy can find your records and make a travel document faster.",
    },
    NikIfNot => {
        id: "Tidak tahu atau tidak punya? Kosongkan saja. Anda tetap bisa mendaftar.",
        en: "Do not know it, or do not have one? Leave it empty. You can still register.",
    },
    NikLabel => { id: "NIK (16 angka)", en: "NIK (16 digits)" },
    NikHint => { id: "Boleh pakai spasi.", en: "You can use spaces." },

    // -- Passport ----------------------------------------------------------
    PassportTitle => { id: "Bagaimana dengan paspor Anda?", en: "What about your passport?" },
    PassportHave => { id: "Paspor ada pada saya", en: "I have my passport" },
    PassportHeld => {
        id: "Paspor saya ditahan orang lain (majikan, agen, atau perusahaan)",
        en: "Someone else holds my passport (employer, agent or company)",
    },
    PassportLost => { id: "Paspor saya hilang", en: "My passport is lost" },
    PassportExpired => { id: "Paspor saya sudah habis masa berlakunya", en: "My passport has expired" },
    PassportNumberLabel => { id: "Nomor paspor", en: "Passport number" },
    PassportNumberHint => {
        id: "1 huruf dan 7 angka, misalnya X1234567. Ada di halaman foto paspor. Jika tidak tahu, kosongkan.",
        en: "1 letter and 7 digits, for example X1234567. It is on the photo page. If you do not know it, leave it empty.",
    },

    // -- Phone -------------------------------------------------------------
    PhoneTitle => { id: "Berapa nomor telepon Anda?", en: "What is your phone number?" },
    PhoneLabel => { id: "Nomor telepon", en: "Phone number" },
    PhoneHint => {
        id: "Nomor yang bisa kami hubungi. Nomor dari luar Indonesia: mulai dengan + dan kode negara.",
        en: "A number we can call. A number from outside Indonesia: start with + and the country code.",
    },
    PhoneWeWillUse => { id: "Nomor yang akan kami pakai:", en: "The number we will use:" },
    WaLegend => { id: "Apakah Anda punya WhatsApp?", en: "Do you have WhatsApp?" },
    WaSame => { id: "Ya, di nomor ini", en: "Yes, on this number" },
    WaOther => { id: "Ya, di nomor lain", en: "Yes, on another number" },
    WaNone => { id: "Tidak punya WhatsApp", en: "No WhatsApp" },
    WaNumberLabel => { id: "Nomor WhatsApp", en: "WhatsApp number" },

    // -- Where they are ----------------------------------------------------
    WhereTitle => { id: "Di mana Anda sekarang?", en: "Where are you now?" },
    LocationLabel => { id: "Kota atau provinsi", en: "City or province" },
    LocationHint => {
        id: "Cukup nama kota atau provinsi. Tidak perlu alamat lengkap.",
        en: "Just the city or province. You do not need a full address.",
    },
    PeopleLabel => { id: "Berapa orang lain yang bersama Anda?", en: "How many other people are with you?" },
    PeopleHint => {
        id: "Orang yang juga perlu bantuan dan akan datang bersama Anda. Tulis 0 jika Anda sendiri. Orang dewasa sebaiknya mendaftar sendiri juga.",
        en: "People who also need help and will come with you. Write 0 if you are alone. Adults should also register themselves.",
    },

    // -- Help needed -------------------------------------------------------
    HelpTitle => { id: "Bantuan apa yang Anda perlukan?", en: "What help do you need?" },
    HelpHint => { id: "Pilih semua yang sesuai.", en: "Choose all that apply." },
    HelpTravelDocument => {
        id: "Dokumen perjalanan (paspor atau SPLP)",
        en: "A travel document (passport or SPLP)",
    },
    HelpRepatriation => { id: "Pulang ke Indonesia", en: "Getting home to Indonesia" },
    HelpMedical => { id: "Bantuan kesehatan", en: "Medical help" },
    HelpShelter => { id: "Tempat tinggal yang aman", en: "A safe place to stay" },
    HelpLegal => { id: "Bantuan hukum", en: "Legal help" },
    HelpOther => { id: "Lainnya", en: "Something else" },
    HelpOtherLabel => { id: "Bantuan apa lagi yang Anda perlukan?", en: "What other help do you need?" },

    // -- Forced to work ----------------------------------------------------
    ForcedTitle => { id: "Apakah Anda dipaksa bekerja?", en: "Were you forced to work?" },
    ForcedHint => {
        id: "Misalnya: tidak boleh pergi, tidak dibayar, diancam, atau paspor diambil.",
        en: "For example: you could not leave, were not paid, were threatened, or your passport was taken.",
    },
    ForcedWhyTitle => { id: "Mengapa kami bertanya", en: "Why we ask" },
    ForcedWhy1 => {
        id: "Orang yang dipaksa bekerja atau diperdagangkan bisa mendapat bantuan dan perlindungan khusus.",
        en: "People who were forced to work or trafficked can get extra help and protection.",
    },
    ForcedWhy2 => {
        id: "Hanya petugas kedutaan yang membantu Anda yang melihat jawaban ini.",
        en: "Only the embassy staff who help you see this answer.",
    },
    ForcedWhy3 => {
        id: "Anda tidak wajib menjawab. Anda juga bisa memilih \"Saya tidak mau menjawab\".",
        en: "You do not have to answer. You can also choose \"I prefer not to say\".",
    },
    ForcedYes => { id: "Ya", en: "Yes" },
    ForcedNo => { id: "Tidak", en: "No" },
    ForcedPreferNot => { id: "Saya tidak mau menjawab", en: "I prefer not to say" },

    // -- Contact at home ---------------------------------------------------
    HomeTitle => { id: "Keluarga atau kenalan di Indonesia", en: "Family or a friend in Indonesia" },
    HomeIntro => {
        id: "Orang yang boleh dihubungi kedutaan jika perlu. Kosongkan semua jika tidak mau.",
        en: "Someone the embassy may contact if needed. Leave it all empty if you prefer.",
    },
    HomeName => { id: "Nama", en: "Name" },
    HomePhone => { id: "Nomor telepon orang itu", en: "Their phone number" },
    HomeRelationship => { id: "Hubungan dengan Anda", en: "Relationship to you" },
    HomeRelationshipHint => { id: "Misalnya: ibu, kakak, suami.", en: "For example: mother, sister, husband." },

    // -- Check your answers ------------------------------------------------
    CheckTitle => { id: "Periksa jawaban Anda", en: "Check your answers" },
    CheckIntro => {
        id: "Periksa sebelum mengirim. Tekan \"Ubah\" untuk memperbaiki jawaban.",
        en: "Check before you send. Press \"Change\" to correct an answer.",
    },
    Change => { id: "Ubah", en: "Change" },
    NotAnswered => { id: "Tidak diisi", en: "Not answered" },
    LabelName => { id: "Nama lengkap", en: "Full name" },
    LabelNik => { id: "Nomor NIK", en: "NIK number" },
    LabelPassport => { id: "Paspor", en: "Passport" },
    LabelWhatsapp => { id: "Nomor WhatsApp Anda", en: "Your WhatsApp" },
    LabelPeople => { id: "Orang lain bersama Anda", en: "Other people with you" },
    LabelHelp => { id: "Bantuan yang diperlukan", en: "Help needed" },
    LabelForced => { id: "Dipaksa bekerja", en: "Forced to work" },
    LabelHome => { id: "Kontak di Indonesia", en: "Contact in Indonesia" },
    WaSameShort => { id: "Sama dengan nomor telepon", en: "Same as the phone number" },
    SendTitle => { id: "Kirim ke kedutaan", en: "Send to the embassy" },
    ConsentLabel => {
        id: "Saya setuju data ini dikirim ke kedutaan, agar kedutaan bisa membantu saya.",
        en: "I agree to send these details to the embassy, so that the embassy can help me.",
    },
    ConsentPrivacy => { id: "Baca siapa yang melihat data Anda", en: "Read who sees your details" },
    Send => { id: "Kirim pendaftaran", en: "Send registration" },
    Sending => { id: "Sedang mengirim… Mohon tunggu.", en: "Sending… Please wait." },
    NotSentTitle => { id: "Pendaftaran belum terkirim", en: "Your registration was not sent" },

    // -- Sent: confirmation -------------------------------------------------
    DoneTitle => { id: "Pendaftaran terkirim", en: "Registration sent" },
    YourReference => { id: "Nomor referensi Anda", en: "Your reference number" },
    QrLabel => { id: "Kode QR nomor referensi", en: "QR code of the reference number" },
    KeepIt => {
        id: "Simpan nomor ini. Foto layar (screenshot) atau tulis di kertas. Nomor ini juga tersimpan di ponsel ini.",
        en: "Keep this number. Take a screenshot or write it on paper. It is also saved on this phone.",
    },
    ReceivedOn => { id: "Diterima kedutaan", en: "Received by the embassy" },
    WhatNextTitle => { id: "Apa yang harus dilakukan sekarang", en: "What to do now" },
    WhatNext1 => { id: "Datang ke kedutaan pada jam buka.", en: "Come to the embassy during opening hours." },
    WhatNext2 => {
        id: "Tunjukkan nomor referensi atau kode QR ini kepada petugas.",
        en: "Show this reference number or QR code to the staff.",
    },
    WhatNext3 => {
        id: "Bawa dokumen yang Anda punya, misalnya paspor, KTP, atau fotokopinya.",
        en: "Bring any documents you have, for example a passport, ID card, or copies.",
    },
    WhatNext4 => { id: "Jangan mendaftar lagi. Satu pendaftaran cukup.", en: "Do not register again. One registration is enough." },
    CheckToday => { id: "Sebelum berangkat: apakah kedutaan buka hari ini?", en: "Before you go: is the embassy open today?" },
    DeleteReference => { id: "Hapus nomor ini dari ponsel ini", en: "Delete this number from this phone" },
    ReferenceDeleted => { id: "Nomor referensi sudah dihapus dari ponsel ini.", en: "The reference number is deleted from this phone." },
    NothingHere => { id: "Belum ada pendaftaran di ponsel ini.", en: "There is no registration on this phone yet." },

    // -- Not sent yet: the outbox --------------------------------------------
    QueuedTitle => { id: "Disimpan di ponsel, belum terkirim", en: "Saved on this phone, not sent yet" },
    QueuedBody => {
        id: "Jawaban Anda aman di ponsel ini. Kami akan mengirimnya sendiri. Anda tidak perlu mengisi lagi.",
        en: "Your answers are safe on this phone. We will send them by ourselves. You do not need to fill in the form again.",
    },
    QueuedOffline => {
        id: "Ponsel ini tidak tersambung ke internet. Kami kirim begitu internet tersambung.",
        en: "This phone is not connected to the internet. We will send it as soon as it is connected.",
    },
    QueuedNetwork => {
        id: "Layanan kedutaan tidak bisa dihubungi. Kami akan mencoba lagi sebentar lagi.",
        en: "The embassy's service cannot be reached. We will try again soon.",
    },
    QueuedServer => {
        id: "Layanan kedutaan sedang bermasalah. Kami akan mencoba lagi sebentar lagi.",
        en: "The embassy's service has a problem. We will try again soon.",
    },
    QueuedTimeout => {
        id: "Layanan kedutaan tidak menjawab. Kami akan mencoba lagi sebentar lagi.",
        en: "The embassy's service did not answer. We will try again soon.",
    },
    QueuedRateLimited => {
        id: "Banyak orang sedang mendaftar. Kami akan mencoba lagi dalam beberapa detik:",
        en: "Many people are registering now. We will try again in a few seconds:",
    },
    Seconds => { id: "detik", en: "seconds" },
    QueuedSending => { id: "Sedang mengirim…", en: "Sending now…" },
    QueuedClosePage => {
        id: "Anda boleh menutup halaman ini. Pendaftaran dikirim saat Anda membuka situs ini lagi dengan internet.",
        en: "You can close this page. It will be sent when you open this site again with internet.",
    },
    TryNow => { id: "Coba kirim sekarang", en: "Try sending now" },
    DeleteQueued => {
        id: "Hapus pendaftaran ini dari ponsel (tidak jadi dikirim)",
        en: "Delete this registration from this phone (it will not be sent)",
    },
    NeedHelpNow => { id: "Perlu bantuan sekarang?", en: "Need help now?" },

    // -- Problems the embassy's service reported -----------------------------
    ConflictTitle => { id: "Pendaftaran ini sudah pernah dikirim", en: "This registration was already sent" },
    ConflictBody => {
        id: "Kedutaan sudah menerima pendaftaran dari ponsel ini dengan jawaban lain. Jika Anda sudah punya nomor referensi, bawa nomor itu ke kedutaan. Jika tidak punya, hubungi kedutaan.",
        en: "The embassy already has a registration from this phone with other answers. If you have a reference number, bring it to the embassy. If you do not have one, contact the embassy.",
    },
    DeletedTitle => { id: "Kedutaan tidak lagi menyimpan pendaftaran ini", en: "The embassy no longer holds this registration" },
    DeletedBody => {
        id: "Kedutaan sudah menerima pendaftaran ini, lalu menghapusnya. Ponsel ini tidak akan mengirimnya lagi.",
        en: "The embassy received this registration and then deleted it. This phone will not send it again.",
    },
    DeletedNext => {
        id: "Jawaban Anda masih ada di ponsel ini. Masih butuh bantuan? Kirim jawaban ini sebagai pendaftaran baru, atau hubungi kedutaan.",
        en: "Your answers are still on this phone. Do you still need help? Send them as a new registration, or contact the embassy.",
    },
    SendAsNew => { id: "Kirim jawaban ini sebagai pendaftaran baru", en: "Send these answers as a new registration" },
    FixAnswers => { id: "Perbaiki jawaban", en: "Correct your answers" },
    BackToAnswers => { id: "Kembali ke jawaban Anda", en: "Back to your answers" },

    // -- The box on the home page ---------------------------------------------
    SavedRefTitle => { id: "Pendaftaran Anda", en: "Your registration" },
    SavedRefLink => { id: "Lihat nomor dan kode QR", en: "See the number and QR code" },
    SavedPendingBody => {
        id: "Pendaftaran Anda disimpan di ponsel ini dan belum terkirim.",
        en: "Your registration is saved on this phone and not sent yet.",
    },
}

pub use crate::dates::saved_ago;
