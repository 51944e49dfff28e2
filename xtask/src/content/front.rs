//! Front matter: the `key: value` block between two `---` lines at the top of
//! an article. A deliberately small subset of YAML (see `content/README.md`):
//! one key per line, `sources:` followed by `  - item` lines, `#` comments
//! after a space, optional double quotes around a value.

use super::Topic;

/// A problem at a 1-based line of the file.
pub(crate) type LineError = (usize, String);

/// The parsed front matter, with the line of each key for later messages.
#[derive(Debug, Clone)]
pub(crate) struct FrontMatter {
    pub title: String,
    pub title_line: usize,
    pub summary: String,
    pub summary_line: usize,
    pub topic: Topic,
    pub topic_line: usize,
    pub order: u32,
    pub order_line: usize,
    pub last_reviewed: String,
    pub sample: bool,
    pub sources: Vec<String>,
    /// Byte offset of the body (the line after the closing `---`).
    pub body_offset: usize,
    /// 1-based line number of the body's first line.
    pub body_line: usize,
}

const REQUIRED: [&str; 6] = [
    "title",
    "summary",
    "topic",
    "order",
    "last_reviewed",
    "sources",
];
const OPTIONAL: [&str; 1] = ["sample"];

/// `value` without a trailing ` # comment` and without surrounding quotes.
fn clean(value: &str) -> String {
    let mut v = value;
    if let Some(i) = v.find(" #").or_else(|| v.find("\t#")) {
        v = &v[..i];
    }
    let v = v.trim();
    let v = if v.len() >= 2 && v.starts_with('"') && v.ends_with('"') {
        &v[1..v.len() - 1]
    } else {
        v
    };
    v.to_owned()
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Is `s` a real calendar date written `YYYY-MM-DD`, from 2000 on?
pub(crate) fn is_date(s: &str) -> bool {
    contract::time::parse_date(s).is_some_and(|(y, _, _)| y >= 2000)
}

/// Parses the front matter at the top of `text`.
pub(crate) fn parse(text: &str) -> Result<FrontMatter, Vec<LineError>> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if !is_fence(first) {
        return Err(vec![(
            1,
            "missing front matter: the file must start with a `---` line, then `key: value` \
             lines (title, summary, topic, order, last_reviewed, sources), then `---` \
             (see content/README.md)"
                .into(),
        )]);
    }
    let mut offset = first.len();
    let mut errors = Vec::new();
    // key -> (line, value); `sources` collects its items separately.
    let mut values: Vec<(String, usize, String)> = Vec::new();
    let mut sources: Vec<String> = Vec::new();
    let mut in_list = false;
    let mut closed = None;
    for (i, line) in lines.enumerate() {
        let n = i + 2;
        offset += line.len();
        if is_fence(line) {
            closed = Some((offset, n + 1));
            break;
        }
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if let Some(item) = trimmed.strip_prefix('-') {
            if in_list {
                let item = clean(item);
                if item.is_empty() {
                    errors.push((n, "empty item in `sources:`".into()));
                } else {
                    sources.push(item);
                }
            } else {
                errors.push((
                    n,
                    "list item outside `sources:`: only `sources` takes a list".into(),
                ));
            }
            continue;
        }
        in_list = false;
        let Some((key, value)) = trimmed.split_once(':') else {
            errors.push((
                n,
                format!("expected `key: value` in front matter, found `{trimmed}`"),
            ));
            continue;
        };
        let key = key.trim();
        if !REQUIRED.contains(&key) && !OPTIONAL.contains(&key) {
            errors.push((
                n,
                format!(
                    "unknown front-matter key `{key}`: use {}",
                    REQUIRED
                        .iter()
                        .chain(&OPTIONAL)
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ));
            continue;
        }
        if values.iter().any(|(k, _, _)| k == key) {
            errors.push((n, format!("front-matter key `{key}` is given twice")));
            continue;
        }
        let value = clean(value);
        if key == "sources" {
            in_list = true;
            if !value.is_empty() {
                errors.push((
                    n,
                    "`sources:` takes a list: put each source on its own `  - ` line below it"
                        .into(),
                ));
            }
        }
        values.push((key.to_owned(), n, value));
    }
    let Some((body_offset, body_line)) = closed else {
        return Err(vec![(
            1,
            "front matter is not closed: add a `---` line after the last key".into(),
        )]);
    };

    let get = |key: &str| values.iter().find(|(k, _, _)| k == key);
    for key in REQUIRED {
        if get(key).is_none() {
            errors.push((1, format!("missing required front-matter key `{key}`")));
        }
    }
    let text_value = |key: &str, errors: &mut Vec<LineError>| -> (String, usize) {
        match get(key) {
            Some((_, line, v)) if v.is_empty() => {
                errors.push((*line, format!("`{key}` is empty")));
                (String::new(), *line)
            }
            Some((_, line, v)) => (v.clone(), *line),
            None => (String::new(), 1),
        }
    };
    let (title, title_line) = text_value("title", &mut errors);
    let (summary, summary_line) = text_value("summary", &mut errors);

    let (topic_text, topic_line) = text_value("topic", &mut errors);
    let topic = Topic::from_key(&topic_text);
    if topic.is_none() && !topic_text.is_empty() {
        errors.push((
            topic_line,
            format!(
                "unknown topic `{topic_text}`: use one of {}",
                Topic::ALL
                    .iter()
                    .map(|t| t.key())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }

    let (order_text, order_line) = text_value("order", &mut errors);
    let order = order_text.parse::<u32>().ok();
    if order.is_none() && !order_text.is_empty() {
        errors.push((
            order_line,
            format!("`order` must be a whole number (1, 2, 3...), found `{order_text}`"),
        ));
    }

    let (last_reviewed, date_line) = text_value("last_reviewed", &mut errors);
    if !last_reviewed.is_empty() && !is_date(&last_reviewed) {
        errors.push((
            date_line,
            format!(
                "`last_reviewed` must be a real date written YYYY-MM-DD (e.g. 2026-11-25), \
                 found `{last_reviewed}`"
            ),
        ));
    }

    let sample = match get("sample") {
        None => false,
        Some((_, _, v)) if v == "true" => true,
        Some((_, _, v)) if v == "false" => false,
        Some((_, line, v)) => {
            errors.push((
                *line,
                format!("`sample` must be `true` or `false`, found `{v}`"),
            ));
            false
        }
    };

    if let Some((_, line, _)) = get("sources") {
        if sources.is_empty() {
            errors.push((
                *line,
                "`sources:` needs at least one `  - ` item naming where the facts come from".into(),
            ));
        }
    }

    match (topic, order) {
        (Some(topic), Some(order)) if errors.is_empty() => Ok(FrontMatter {
            title,
            title_line,
            summary,
            summary_line,
            topic,
            topic_line,
            order,
            order_line,
            last_reviewed,
            sample,
            sources,
            body_offset,
            body_line,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "---\ntitle: \"Pulang: sendiri\"\nsummary: Ringkas. # comment\n\
        topic: travel   # one of ...\norder: 2\nlast_reviewed: 2024-02-29\nsample: true\n\
        sources:\n  - A, \"B\", c.go.id, 2021 (official)\n  - D\n---\nBody\n";

    #[test]
    fn parses_values_comments_quotes_and_list() {
        let f = parse(GOOD).expect("valid");
        assert_eq!(f.title, "Pulang: sendiri");
        assert_eq!(f.summary, "Ringkas.");
        assert_eq!(f.topic, Topic::Travel);
        assert_eq!(f.topic_line, 4);
        assert_eq!(f.order, 2);
        assert!(f.sample);
        assert_eq!(f.sources, ["A, \"B\", c.go.id, 2021 (official)", "D"]);
        assert_eq!(&GOOD[f.body_offset..], "Body\n");
        assert_eq!(f.body_line, 12);
    }

    #[test]
    fn dates() {
        assert!(is_date("2026-11-25"));
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2026-02-29"));
        assert!(!is_date("2026-13-01"));
        assert!(!is_date("2026-1-01"));
        assert!(!is_date("25-11-2026"));
        assert!(!is_date("2026-11-00"));
    }

    #[test]
    fn errors_name_the_line() {
        let text = GOOD
            .replace("order: 2", "order: two")
            .replace("sample: true", "smaple: true");
        let errs = parse(&text).expect_err("invalid");
        assert_eq!(errs[0].0, 7);
        assert!(errs[0].1.starts_with("unknown front-matter key `smaple`"));
        assert_eq!(errs[1].0, 5);
        assert!(errs[1].1.starts_with("`order` must be a whole number"));
    }
}
