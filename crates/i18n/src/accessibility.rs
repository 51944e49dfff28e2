//! The accessibility statement (GOV.UK pattern): what works, how it is
//! tested, what does not work yet, and how to report a problem.

catalogue! {
    Title => { id: "Pernyataan aksesibilitas", en: "Accessibility statement" },
    Intro => {
        id: "Situs ini untuk semua orang. Kami ingin Anda bisa memakainya dengan mudah.",
        en: "This site is for everyone. We want you to be able to use it easily.",
    },
    WorksTitle => { id: "Yang bisa Anda lakukan", en: "What you can do" },
    Works1 => { id: "Memperbesar tulisan sampai 2 kali.", en: "Make the text up to twice as big." },
    Works2 => { id: "Memakai ponsel kecil, selebar 320 piksel.", en: "Use a small phone, 320 pixels wide." },
    Works3 => { id: "Memakai keyboard saja, tanpa mouse atau layar sentuh.", en: "Use a keyboard only, with no mouse or touch." },
    Works4 => { id: "Memakai pembaca layar.", en: "Use a screen reader." },
    Works5 => {
        id: "Membaca nomor darurat dan panduan walau JavaScript mati.",
        en: "Read the emergency numbers and guidance with JavaScript off.",
    },
    TestedTitle => { id: "Cara kami memeriksa", en: "How we check it" },
    Tested1 => {
        id: "Setiap halaman diperiksa dengan alat otomatis (axe) setiap kali situs diubah.",
        en: "Every page is checked by an automatic tool (axe) each time the site changes.",
    },
    Tested2 => {
        id: "Kami juga memeriksa lebar 320 piksel, keyboard saja, dan JavaScript mati.",
        en: "We also check 320 pixels wide, the keyboard alone, and JavaScript off.",
    },
    Standard => {
        id: "Tujuan kami: WCAG 2.2 tingkat AA.",
        en: "Our aim: WCAG 2.2 level AA.",
    },
    NotYetTitle => { id: "Yang belum berjalan baik", en: "What does not work well yet" },
    NotYet1 => {
        id: "Pendaftaran dan info antrean perlu JavaScript. Info antrean versi ringan tidak perlu.",
        en: "Registration and queue information need JavaScript. The light queue page does not.",
    },
    NotYet2 => {
        id: "Orang yang memakai pembaca layar belum mencoba situs ini. Alat otomatis tidak menemukan semua masalah.",
        en: "People who use screen readers have not tried this site yet. Automatic tools do not find every problem.",
    },
    NotYet3 => {
        id: "Teks panduan masih contoh. Kedutaan harus memeriksanya.",
        en: "The guidance text is still a sample. The embassy must check it.",
    },
    ReportTitle => { id: "Laporkan masalah", en: "Report a problem" },
    ReportBody => {
        id: "Ada yang sulit dipakai? Beri tahu kedutaan. Pakai nomor di bawah ini.",
        en: "Is something hard to use? Tell the embassy. Use the numbers below.",
    },
}
