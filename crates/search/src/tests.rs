//! Ranking tables over a small fixed corpus in each language.

use super::*;

fn doc(slug: &str, title: &str, summary: &str, body: &str) -> Doc {
    Doc {
        slug: slug.into(),
        title: title.into(),
        summary: summary.into(),
        topic: "test".into(),
        body_text: body.into(),
    }
}

fn corpus_id() -> Vec<Doc> {
    vec![
        doc(
            "lost-passport",
            "Paspor hilang atau ditahan",
            "Cara mendapat SPLP, surat perjalanan darurat.",
            "Jika paspor Anda hilang, diambil atau rusak, kedutaan bisa membuat SPLP. \
             Bawa laporan polisi dan fotokopi paspor. Biaya SPLP Rp 100.000.",
        ),
        doc(
            "travel-home",
            "Pulang sendiri",
            "Langkah pulang jika paspor Anda masih berlaku.",
            "Beli tiket pesawat sendiri. Bawa paspor dan visa. \
             Periksa denda izin tinggal di kantor imigrasi.",
        ),
        doc(
            "trafficking",
            "Dipaksa bekerja atau korban perdagangan orang",
            "Bantuan untuk korban.",
            "Kedutaan memberi tempat tinggal sementara. Pemulangan dibiayai negara. \
             Anda bisa meminta bantuan LPSK.",
        ),
        doc(
            "health",
            "Kesehatan dan siapa yang dihubungi",
            "Jika Anda sakit atau terluka.",
            "Hubungi nomor darurat. Pergi ke rumah sakit terdekat.",
        ),
        doc(
            "for-families",
            "Untuk keluarga di rumah",
            "Cara membantu anggota keluarga di luar negeri.",
            "Keluarga bisa melapor ke Kemlu lewat Peduli WNI. \
             Kirim CV (résumé) hanya ke perusahaan resmi.",
        ),
        doc(
            "safe-browsing",
            "Menjelajah dengan aman",
            "Hapus riwayat peramban.",
            "Tombol Keluar dari halaman ini membuka situs lain. Hapus riwayat di Chrome.",
        ),
    ]
}

fn corpus_en() -> Vec<Doc> {
    vec![
        doc(
            "lost-passport",
            "Passport lost or taken",
            "How to get an SPLP, the emergency travel document.",
            "If your passport is lost, taken or damaged, the embassy can issue an SPLP. \
             Bring a police report and a copy of your passport. The SPLP fee is Rp 100,000.",
        ),
        doc(
            "travel-home",
            "Travelling home on your own",
            "Steps if your passport is still valid.",
            "Buy your own plane ticket. Carry your passport and visa. \
             Some routes go through Hồ Chí Minh City. Check overstay fines with immigration.",
        ),
        doc(
            "trafficking",
            "Forced to work or trafficked",
            "Help for victims.",
            "The embassy gives temporary shelter. The state pays for your return. \
             You can ask LPSK for protection.",
        ),
        doc(
            "health",
            "Health and who to call",
            "If you are sick or hurt.",
            "Call the emergency number. Go to the nearest hospital.",
        ),
        doc(
            "for-families",
            "For family members at home",
            "How to help a relative abroad.",
            "Families can report to the ministry through Peduli WNI. \
             Send a CV (résumé) only to registered companies.",
        ),
        doc(
            "safe-browsing",
            "Browsing safely",
            "Clear your browser history.",
            "The Exit this page button opens another site. Clear history in Chrome.",
        ),
    ]
}

fn top(index: &Index, query: &str) -> Option<String> {
    search(index, query, 3).first().map(|h| h.slug.clone())
}

fn check_table(index: &Index, table: &[(&str, &str)]) {
    let mut failures = Vec::new();
    for (query, want) in table {
        let got = top(index, query);
        if got.as_deref() != Some(*want) {
            failures.push(format!(
                "{query:?}: want {want}, got {got:?} ({:?})",
                search(index, query, 3)
                    .iter()
                    .map(|h| (h.slug.as_str(), h.score))
                    .collect::<Vec<_>>()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn ranking_indonesian() {
    let index = build_index(&corpus_id());
    check_table(
        &index,
        &[
            ("paspor hilang", "lost-passport"),
            ("paspor", "lost-passport"),  // title above summary and body
            ("pasport", "lost-passport"), // one letter too many
            ("paspr", "lost-passport"),   // one letter missing
            ("SPLP", "lost-passport"),    // case
            ("tiket", "travel-home"),
            ("tik", "travel-home"),          // unfinished word
            ("beli tik", "travel-home"),     // unfinished last word
            ("tiekt", "travel-home"),        // two letters swapped
            ("paspor tiket", "travel-home"), // the article with both words
            ("korban", "trafficking"),
            ("bantuan korban", "trafficking"),
            ("bantu", "trafficking"), // stem of "bantuan"
            ("membantu keluarga", "for-families"),
            ("keluarga", "for-families"),
            ("rumah sakit", "health"), // both words beat one in a title
            ("hubungi", "health"),     // "dihubungi" in the title
            ("riwayat", "safe-browsing"),
            ("riwayta", "safe-browsing"),
            ("resume", "for-families"), // no diacritics in the query
            ("lpsk", "trafficking"),
            ("sendiri", "travel-home"),
        ],
    );
}

#[test]
fn ranking_english() {
    let index = build_index(&corpus_en());
    check_table(
        &index,
        &[
            ("passport", "lost-passport"), // title above summary and body
            ("lost passport", "lost-passport"),
            ("pasport", "lost-passport"),  // one letter missing
            ("passprot", "lost-passport"), // two letters swapped
            ("ticket", "travel-home"),
            ("tickets", "travel-home"), // plural
            ("tick", "travel-home"),    // unfinished word
            ("buy tic", "travel-home"),
            ("tikcet", "travel-home"),
            ("victims", "trafficking"),
            ("victim", "trafficking"),
            ("shelter", "trafficking"),
            ("sheltr", "trafficking"),
            ("histroy", "safe-browsing"),
            ("clear history", "safe-browsing"),
            ("ho chi minh", "travel-home"), // no diacritics in the query
            ("resume", "for-families"),
            ("relatives", "for-families"),
            ("hospitl", "health"),
            ("fines", "travel-home"),
            ("FAMILY", "for-families"),
        ],
    );
}

#[test]
fn exact_match_ranks_above_typo_match_even_in_a_title() {
    let index = build_index(&[
        doc("typo-in-title", "Pasport rules", "", "Other words."),
        doc("exact-in-body", "Something else", "", "Bring your paspor."),
    ]);
    assert_eq!(top(&index, "paspor").as_deref(), Some("exact-in-body"));
    assert_eq!(top(&index, "paspor ").as_deref(), Some("exact-in-body"));
    // Two typo matches: the one in the title first.
    let slugs: Vec<String> = search(&index, "paspot", 5)
        .into_iter()
        .map(|h| h.slug)
        .collect();
    assert_eq!(slugs, ["typo-in-title", "exact-in-body"]);
    assert_eq!(search(&index, "rules", 5).len(), 1);
}

#[test]
fn title_ranks_above_summary_above_body() {
    let index = build_index(&[
        doc("body", "A", "B", "visa visa visa visa visa visa"),
        doc("summary", "A", "About the visa", "C"),
        doc("title", "Visa", "B", "C"),
    ]);
    let slugs: Vec<String> = search(&index, "visa", 5)
        .into_iter()
        .map(|h| h.slug)
        .collect();
    assert_eq!(slugs, ["title", "summary", "body"]);
}

#[test]
fn prefix_only_for_the_unfinished_last_word() {
    let index = build_index(&corpus_en());
    assert_eq!(top(&index, "tick").as_deref(), Some("travel-home"));
    assert_eq!(top(&index, "tic").as_deref(), Some("travel-home"));
    // With a space after it, "tic" is a finished word, too short for typos.
    assert!(search(&index, "tic ", 5).is_empty());
    // "tic" is not a prefix when it is not the last word.
    assert!(search(&index, "tic buy", 5)
        .iter()
        .all(|h| h.slug == "travel-home"));
}

#[test]
fn short_words_get_no_typo_tolerance() {
    let index = build_index(&[doc("a", "Visa", "", "")]);
    assert!(search(&index, "vis ", 5).is_empty());
    assert!(search(&index, "visx ", 5).len() == 1);
}

#[test]
fn empty_and_stop_word_queries_find_nothing() {
    let index = build_index(&corpus_id());
    assert!(search(&index, "", 5).is_empty());
    assert!(search(&index, "   ", 5).is_empty());
    assert!(search(&index, "dan yang di ", 5).is_empty());
    assert!(search(&index, "zzzzzz", 5).is_empty());
}

#[test]
fn limit_and_hit_fields() {
    let index = build_index(&corpus_en());
    let hits = search(&index, "passport", 1);
    assert_eq!(hits.len(), 1);
    let h = &hits[0];
    assert_eq!(h.title, "Passport lost or taken");
    assert_eq!(
        h.summary,
        "How to get an SPLP, the emergency travel document."
    );
    assert_eq!(h.topic, "test");
    assert!(h.score > 0.0);
    assert_eq!(h.matched_terms, ["passport"]);
    assert_eq!(search(&index, "passport", 10).len(), 2);
}

#[test]
fn matched_terms_include_every_prefix_expansion() {
    let index = build_index(&corpus_en());
    let hits = search(&index, "em", 5);
    let lost = hits
        .iter()
        .find(|h| h.slug == "lost-passport")
        .expect("hit");
    assert_eq!(lost.matched_terms, ["embassy", "emergency"]);
}

#[test]
fn highlight_marks_whole_words_in_any_form() {
    let terms = vec!["paspor".to_string(), "bantu".to_string()];
    let parts = highlight("Paspornya hilang? Minta bantuan.", &terms);
    assert_eq!(
        parts,
        [
            ("Paspornya".to_string(), true),
            (" hilang? Minta ".to_string(), false),
            ("bantuan".to_string(), true),
            (".".to_string(), false),
        ]
    );
    let text = "Hồ Chí Minh, café";
    let parts = highlight(text, &["chi".to_string(), "cafe".to_string()]);
    assert_eq!(parts.concat_text(), text);
    assert_eq!(
        parts
            .iter()
            .filter(|p| p.1)
            .map(|p| p.0.as_str())
            .collect::<Vec<_>>(),
        ["Chí", "café"]
    );
    assert!(highlight("", &terms).is_empty());
    assert_eq!(highlight("...", &terms), [("...".to_string(), false)]);
}

trait ConcatText {
    fn concat_text(&self) -> String;
}

impl ConcatText for Vec<(String, bool)> {
    fn concat_text(&self) -> String {
        self.iter().map(|p| p.0.as_str()).collect()
    }
}

#[test]
fn index_is_compact_json_and_round_trips() {
    let index = build_index(&corpus_id());
    let json = serde_json::to_string(&index).expect("serialise");
    assert!(json.starts_with(r#"{"v":1,"d":[{"s":"lost-passport","t":"Paspor hilang"#));
    assert!(
        !json.contains("Pergi ke rumah sakit"),
        "no copy of the body text"
    );
    let back: Index = serde_json::from_str(&json).expect("parse");
    assert_eq!(back, index);
    assert_eq!(back.version(), FORMAT_VERSION);
    assert_eq!(back.docs().len(), 6);
    assert!(back.term_count() > 40);
    assert_eq!(search(&back, "paspor", 1)[0].slug, "lost-passport");
}
