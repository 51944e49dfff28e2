//! A tiny full-text search for the portal's guidance articles.
//!
//! The index is built at build time (by `xtask`), shipped as one small JSON
//! file per language, and queried in the browser (this crate compiles to
//! wasm; its only dependency is `serde`).
//!
//! - [`build_index`] turns [`Doc`]s (plain text) into an [`Index`]: a sorted
//!   term dictionary, one postings list per term of `(doc, weight)` pairs, and
//!   each article's title, summary and topic so results show without loading
//!   the article. No positions, no copy of the text.
//! - [`search`] ranks documents for a query typed in Indonesian or English,
//!   forgiving missing accents, one or two typos and an unfinished last word.
//! - [`highlight`] cuts a text into matching and non-matching pieces for the
//!   UI, using the [`Hit::matched_terms`] of a result.
//!
//! Text analysis (splitting, normalising, stop words, light stemming) is in
//! [`terms`], [`normalize`] and [`stem`].
//!
//! ```
//! use search::{build_index, highlight, search, Doc};
//!
//! let docs = [Doc {
//!     slug: "lost-passport".into(),
//!     title: "Paspor hilang".into(),
//!     summary: "Cara mendapat SPLP.".into(),
//!     topic: "documents".into(),
//!     body_text: "Bawa laporan polisi ke kedutaan.".into(),
//! }];
//! let index = build_index(&docs);
//! let hits = search(&index, "pasport hilan", 5); // a typo, an unfinished word
//! assert_eq!(hits[0].slug, "lost-passport");
//! let parts = highlight(&hits[0].title, &hits[0].matched_terms);
//! assert_eq!(parts, [("Paspor".to_string(), true), (" ".into(), false), ("hilang".into(), true)]);
//! ```

mod analyze;
mod distance;

pub use analyze::{normalize, stem, terms};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the serialised [`Index`] layout; bump on any change.
pub const FORMAT_VERSION: u32 = 1;

/// One article to index. All fields are plain text (no HTML, no Markdown).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Doc {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub topic: String,
    pub body_text: String,
}

/// What the index keeps of each article, to show a result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StoredDoc {
    #[serde(rename = "s")]
    pub slug: String,
    #[serde(rename = "t")]
    pub title: String,
    #[serde(rename = "m")]
    pub summary: String,
    #[serde(rename = "p")]
    pub topic: String,
}

/// A compact inverted index.
///
/// Serialised as `{"v":1,"d":[{"s","t","m","p"}...],"t":[terms...],"p":[[doc,w,doc,w...]...]}`:
/// `t` is the sorted term dictionary and `p[i]` the postings of `t[i]`,
/// flattened `(doc, weight)` pairs in doc order. The weight packs where the
/// term occurs: [`TITLE_WEIGHT`] if in the title, plus [`SUMMARY_WEIGHT`] if
/// in the summary, plus its count in the body capped at [`MAX_BODY_WEIGHT`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Index {
    #[serde(rename = "v")]
    version: u32,
    #[serde(rename = "d")]
    docs: Vec<StoredDoc>,
    #[serde(rename = "t")]
    terms: Vec<String>,
    #[serde(rename = "p")]
    postings: Vec<Vec<u32>>,
}

/// Weight of a term found in a title: larger than any summary and body
/// weight together, so a title match ranks first.
pub const TITLE_WEIGHT: u32 = 10;
/// Weight of a term found in a summary: larger than any body weight.
pub const SUMMARY_WEIGHT: u32 = 5;
/// Cap on the body part of a weight (the number of times the term occurs).
pub const MAX_BODY_WEIGHT: u32 = 4;

/// Builds the index of `docs`; results come back in this order when scores tie.
pub fn build_index(docs: &[Doc]) -> Index {
    let mut map: BTreeMap<String, BTreeMap<u32, u32>> = BTreeMap::new();
    for (i, doc) in docs.iter().enumerate() {
        let id = u32::try_from(i).expect("fewer than 2^32 documents");
        let mut weights: BTreeMap<String, (bool, bool, u32)> = BTreeMap::new();
        for t in terms(&doc.title) {
            weights.entry(t).or_default().0 = true;
        }
        for t in terms(&doc.summary) {
            weights.entry(t).or_default().1 = true;
        }
        for t in terms(&doc.body_text) {
            weights.entry(t).or_default().2 += 1;
        }
        for (term, (in_title, in_summary, body)) in weights {
            let w = u32::from(in_title) * TITLE_WEIGHT
                + u32::from(in_summary) * SUMMARY_WEIGHT
                + body.min(MAX_BODY_WEIGHT);
            map.entry(term).or_default().insert(id, w);
        }
    }
    let (terms, postings) = map
        .into_iter()
        .map(|(t, p)| (t, p.into_iter().flat_map(|(d, w)| [d, w]).collect()))
        .unzip();
    Index {
        version: FORMAT_VERSION,
        docs: docs
            .iter()
            .map(|d| StoredDoc {
                slug: d.slug.clone(),
                title: d.title.clone(),
                summary: d.summary.clone(),
                topic: d.topic.clone(),
            })
            .collect(),
        terms,
        postings,
    }
}

impl Index {
    /// The indexed articles, in the order they were given.
    pub fn docs(&self) -> &[StoredDoc] {
        &self.docs
    }

    /// Number of distinct terms.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// The layout version this index was written with (see [`FORMAT_VERSION`]).
    pub fn version(&self) -> u32 {
        self.version
    }

    fn postings(&self, term: usize) -> impl Iterator<Item = (usize, u32)> + '_ {
        self.postings[term]
            .chunks_exact(2)
            .map(|p| (p[0] as usize, p[1]))
    }

    /// Inverse document frequency: rarer terms count for more.
    fn idf(&self, term: usize) -> f32 {
        let df = self.postings[term].len() / 2;
        (1.0 + self.docs.len() as f32 / df.max(1) as f32).ln()
    }

    fn find(&self, term: &str) -> Option<usize> {
        self.terms.binary_search_by(|t| t.as_str().cmp(term)).ok()
    }

    /// Ids of the terms that start with `prefix`.
    fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = usize> + 'a {
        let start = self.terms.partition_point(|t| t.as_str() < prefix);
        (start..self.terms.len()).take_while(move |&i| self.terms[i].starts_with(prefix))
    }
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub topic: String,
    pub score: f32,
    /// The index terms that matched in this article, for [`highlight`].
    pub matched_terms: Vec<String>,
}

/// How a query word matched a dictionary term. Per query word, every
/// article matched in a better tier ranks above every article matched only
/// in a worse one; the factor orders matches within a query of many words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    /// The word (or its stem) is the term.
    Exact = 0,
    /// The last word, still being typed, is the start of the term.
    Prefix = 1,
    /// One or two typos.
    Fuzzy = 2,
}

/// Factor on the weight of an exact match.
const EXACT: f32 = 1.0;
/// Factor on the weight of a prefix match.
const PREFIX: f32 = 0.7;
/// Factor on the weight of a match with one typo.
const FUZZY_1: f32 = 0.4;
/// Factor on the weight of a match with two typos (long words only).
const FUZZY_2: f32 = 0.25;
/// An article matched in a worse tier scores at most this share of the
/// lowest score in the better tiers.
const TIER_CAP: f32 = 0.5;
/// Shortest unfinished last word that is matched as a prefix.
const MIN_PREFIX: usize = 2;

/// How many typos a query word of `len` letters may contain.
fn allowed_typos(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

/// The dictionary terms one query word stands for: `(term id, tier, factor)`,
/// one entry per term, with its best tier.
fn expand(index: &Index, word: &str, is_last_unfinished: bool) -> Vec<(usize, Tier, f32)> {
    let normal = normalize(word);
    let stemmed = stem(&normal);
    let mut best: BTreeMap<usize, (Tier, f32)> = BTreeMap::new();
    let mut offer = |term: usize, tier: Tier, factor: f32| {
        let e = best.entry(term).or_insert((tier, factor));
        if (tier, -factor) < (e.0, -e.1) {
            *e = (tier, factor);
        }
    };
    for w in [&stemmed, &normal] {
        if let Some(t) = index.find(w) {
            offer(t, Tier::Exact, EXACT);
        }
    }
    if is_last_unfinished && normal.chars().count() >= MIN_PREFIX {
        for t in index.with_prefix(&normal) {
            offer(t, Tier::Prefix, PREFIX);
        }
    }
    let chars: Vec<char> = stemmed.chars().collect();
    let max = allowed_typos(chars.len());
    if max > 0 {
        for (t, term) in index.terms.iter().enumerate() {
            let tc: Vec<char> = term.chars().collect();
            match distance::within(&chars, &tc, max) {
                Some(1) => offer(t, Tier::Fuzzy, FUZZY_1),
                Some(2) => offer(t, Tier::Fuzzy, FUZZY_2),
                _ => {}
            }
        }
    }
    best.into_iter()
        .map(|(t, (tier, f))| (t, tier, f))
        .collect()
}

/// How one query word matched one article.
struct WordMatch {
    score: f32,
    tier: Tier,
    /// The terms matched in `tier` (the ones to highlight).
    terms: Vec<usize>,
}

/// Scores every article for one query word, tiers applied.
fn score_word(index: &Index, expansions: &[(usize, Tier, f32)]) -> BTreeMap<usize, WordMatch> {
    let mut by_doc: BTreeMap<usize, WordMatch> = BTreeMap::new();
    for &(term, tier, factor) in expansions {
        let idf = index.idf(term);
        for (doc, w) in index.postings(term) {
            let score = factor * idf * w as f32;
            let m = by_doc.entry(doc).or_insert(WordMatch {
                score,
                tier,
                terms: Vec::new(),
            });
            m.score = m.score.max(score);
            if tier < m.tier {
                m.tier = tier;
                m.terms.clear();
            }
            if tier == m.tier {
                m.terms.push(term);
            }
        }
    }
    // Keep each tier below the lowest score of the better tiers.
    let mut floor = f32::INFINITY;
    for tier in [Tier::Exact, Tier::Prefix, Tier::Fuzzy] {
        let mut lowest = floor;
        for m in by_doc.values_mut().filter(|m| m.tier == tier) {
            if floor.is_finite() {
                m.score = m.score.min(floor * TIER_CAP);
            }
            lowest = lowest.min(m.score);
        }
        floor = lowest;
    }
    by_doc
}

/// The best `limit` articles for `query`, best first.
///
/// Each query word scores an article by its best-matching term:
/// `factor × idf × weight`. The weight favours titles, then summaries, then
/// bodies. The factor is 1 for an exact match, less for a prefix of the last
/// (unfinished) word, less again for a typo; and per word, articles with an
/// exact match rank above those with only a prefix match, which rank above
/// those with only a typo match. Scores add up over the words and are scaled
/// by the square of the share of query words that matched, so an article
/// with all the words ranks above one with some. Ties keep index order.
/// Stop words are ignored, unless the last word is unfinished (it may be the
/// start of a longer word).
pub fn search(index: &Index, query: &str, limit: usize) -> Vec<Hit> {
    let unfinished = query.chars().last().is_some_and(analyze::is_word_char);
    let words: Vec<&str> = analyze::words(query).collect();
    let mut seen = Vec::new();
    let mut expansions = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let is_last_unfinished = unfinished && i + 1 == words.len();
        let n = normalize(w);
        let keep = n.chars().count() >= 2 && (!analyze::is_stop_word(&n) || is_last_unfinished);
        if keep && !seen.contains(&n) {
            seen.push(n);
            expansions.push(expand(index, w, is_last_unfinished));
        }
    }
    if expansions.is_empty() {
        return Vec::new();
    }

    // Per doc: total score, words matched, matched term ids.
    let mut acc: Vec<(f32, usize, Vec<usize>)> = vec![(0.0, 0, Vec::new()); index.docs.len()];
    for word in &expansions {
        for (doc, m) in score_word(index, word) {
            let a = &mut acc[doc];
            a.0 += m.score;
            a.1 += 1;
            for t in m.terms {
                if !a.2.contains(&t) {
                    a.2.push(t);
                }
            }
        }
    }
    let n = expansions.len() as f32;
    let mut hits: Vec<(usize, f32)> = acc
        .iter()
        .enumerate()
        .filter(|(_, a)| a.1 > 0)
        .map(|(doc, a)| {
            let share = a.1 as f32 / n;
            (doc, a.0 * share * share)
        })
        .collect();
    // Unstable is enough: no two hits are equal (the document breaks ties).
    hits.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    hits.truncate(limit);
    hits.into_iter()
        .map(|(doc, score)| {
            let d = &index.docs[doc];
            let mut matched: Vec<String> =
                acc[doc].2.iter().map(|&t| index.terms[t].clone()).collect();
            matched.sort_unstable();
            Hit {
                slug: d.slug.clone(),
                title: d.title.clone(),
                summary: d.summary.clone(),
                topic: d.topic.clone(),
                score,
                matched_terms: matched,
            }
        })
        .collect()
}

/// Cuts `text` into pieces, marking the words whose index term is one of
/// `matched_terms` (from [`Hit::matched_terms`]). Joining the pieces gives
/// back `text`; neighbouring pieces never have the same mark.
///
/// ```
/// let parts = search::highlight("Tiket, pesawat!", &["tiket".to_string()]);
/// assert_eq!(parts, [("Tiket".to_string(), true), (", pesawat!".to_string(), false)]);
/// ```
pub fn highlight(text: &str, matched_terms: &[String]) -> Vec<(String, bool)> {
    let mut parts: Vec<(String, bool)> = Vec::new();
    let mut push = |s: &str, hit: bool| match parts.last_mut() {
        Some((last, h)) if *h == hit => last.push_str(s),
        _ if s.is_empty() => {}
        _ => parts.push((s.to_owned(), hit)),
    };
    let mut rest = text;
    while !rest.is_empty() {
        let word_end = rest
            .char_indices()
            .find(|&(_, c)| !analyze::is_word_char(c))
            .map_or(rest.len(), |(i, _)| i);
        if word_end > 0 {
            let word = &rest[..word_end];
            let hit = analyze::term(word).is_some_and(|t| matched_terms.contains(&t));
            push(word, hit);
            rest = &rest[word_end..];
        } else {
            let gap_end = rest
                .char_indices()
                .find(|&(_, c)| analyze::is_word_char(c))
                .map_or(rest.len(), |(i, _)| i);
            push(&rest[..gap_end], false);
            rest = &rest[gap_end..];
        }
    }
    parts
}

#[cfg(test)]
mod tests;
