//! What the content compiler writes is exactly what the app reads
//! (`contract::guidance`), so the two cannot drift apart.

use contract::guidance::{ArticleDoc, ArticleSummary};
use contract::{Lang, Profile};
use std::path::Path;

#[test]
fn written_files_read_back_into_the_app_types() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let profile = Profile::from_json(
        &std::fs::read_to_string(root.join("public/profile.json")).expect("profile"),
    )
    .expect("valid profile");
    let out = std::env::temp_dir().join(format!("guidance-contract-{}", std::process::id()));
    let compiled = xtask::content::compile_and_write(&root.join("content"), &profile, &out)
        .expect("content compiles");
    for lang in Lang::ALL {
        let dir = out.join("content").join(lang.code());
        let index: Vec<ArticleSummary> =
            serde_json::from_slice(&std::fs::read(dir.join("index.json")).expect("index"))
                .expect("index.json reads as Vec<ArticleSummary>");
        assert_eq!(index.len(), compiled.get(lang).articles.len());
        for summary in &index {
            assert!(contract::guidance::TOPICS.contains(&summary.topic.as_str()));
            let doc: ArticleDoc = serde_json::from_slice(
                &std::fs::read(dir.join(format!("{}.json", summary.slug))).expect("article"),
            )
            .expect("article JSON reads as ArticleDoc");
            assert_eq!(doc.slug, summary.slug);
            assert!(!doc.html.is_empty());
        }
        let search: search::Index =
            serde_json::from_slice(&std::fs::read(dir.join("search.json")).expect("search"))
                .expect("search.json reads as search::Index");
        assert_eq!(search.docs().len(), index.len());
    }
    let _ = std::fs::remove_dir_all(&out);
}
