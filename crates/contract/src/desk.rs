//! The staff desk's wire types: the registrations list with its filters and
//! counts, marking a person arrived, changing many cases at once (and undoing
//! it), and the notice-board list of references.

use serde::{Deserialize, Serialize};

use crate::case::Invitation;
use crate::{reference, FieldError, Localized};

/// Rows per page of the list, at most.
pub const PER_PAGE_MAX: u32 = 100;
/// References in one batch change, at most.
pub const BATCH_MAX: usize = 500;
/// A batch can be undone this long after it was made.
pub const UNDO_SECONDS: i64 = 10 * 60;
/// A name search needs at least this many characters.
pub const NAME_SEARCH_MIN: usize = 3;

/// The list's (and the export's) filters: the body of
/// `POST /api/v1/registrations/search` and `/registrations/export`. A body,
/// never a query string: a name searched is personal data, and URLs end up
/// in logs. An absent or empty text is no filter.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListFilter {
    /// First and last local day received (`YYYY-MM-DD`), both included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<String>,
    /// A kind of help (`travel_document`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// `yes` or `no`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrived: Option<String>,
    /// A full reference, or (case officers) at least 3 letters of a name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
}

/// One row of the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListItem {
    pub reference: String,
    pub received_at: String,
    pub stage: String,
    pub full_name: String,
    #[serde(default)]
    pub help_needed: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrived: Option<Arrival>,
}

/// When and by whom a person was marked arrived.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arrival {
    pub at: String,
    pub by: String,
}

/// How many registrations (matching the filters other than the stage) are
/// at one stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageCount {
    pub stage: String,
    pub count: u32,
}

/// `POST /api/v1/registrations/search`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationList {
    pub items: Vec<ListItem>,
    pub total: u32,
    pub page: u32,
    pub per_page: u32,
    pub counts: Vec<StageCount>,
}

/// `POST /api/v1/registrations/{reference}/arrived`: the arrival, and
/// whether it had been marked already (then it is the first one, unchanged).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArrivedAnswer {
    pub arrival: Arrival,
    pub already: bool,
}

/// `POST /api/v1/cases/batch`: one change for many cases, all or nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchUpdate {
    /// As typed, pasted or scanned; read with [`reference::normalise`].
    pub references: Vec<String>,
    pub stage: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<Localized>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invitation: Option<Invitation>,
}

/// What a batch came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchDone {
    pub batch: i64,
    pub changed: u32,
    /// Until when it can be undone (RFC 3339).
    pub undo_until: String,
}

/// `GET /api/v1/notice-board`: references only, never a name or a date of
/// birth, to post at the shelter instead of lists of names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeBoard {
    pub stage: String,
    pub references: Vec<String>,
}

/// The references of a batch, each read as typed, without repeats; a
/// problem for each one that is not a reference, and for too many.
pub fn read_references(typed: &[String]) -> Result<Vec<String>, Vec<FieldError>> {
    let mut errors = Vec::new();
    if typed.is_empty() {
        errors.push(FieldError::new(
            "references",
            "required",
            "give at least one reference",
        ));
    }
    if typed.len() > BATCH_MAX {
        errors.push(FieldError::new(
            "references",
            "too_many",
            format!("at most {BATCH_MAX} references in one change"),
        ));
        return Err(errors);
    }
    let mut out: Vec<String> = Vec::with_capacity(typed.len());
    for (i, t) in typed.iter().enumerate() {
        match reference::normalise(t) {
            Some(r) if !out.contains(&r) => out.push(r),
            Some(_) => {}
            None => errors.push(FieldError::new(
                format!("references[{i}]"),
                "reference_invalid",
                "not a reference",
            )),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A CSV cell: quoted, and a text that a spreadsheet would run as a formula
/// (starting with `= + - @`, a tab or a carriage return) made plain text
/// with a leading `'`.
pub fn csv_cell(text: &str) -> String {
    let neutral = match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    };
    format!("\"{}\"", neutral.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_references_are_read_as_typed() {
        let ok = read_references(&["7kq4 m2xhf".into(), "7KQ4-M2XHF".into()]).expect("ok");
        assert_eq!(ok, ["7KQ4-M2XHF"]);
        let bad = read_references(&["7KQ4-M2XHF".into(), "nope".into()])
            .err()
            .unwrap_or_default();
        assert_eq!(bad.len(), 1);
        assert_eq!(bad[0].field, "references[1]");
        let many: Vec<String> = (0..=BATCH_MAX).map(|_| "7KQ4-M2XHF".to_string()).collect();
        assert_eq!(
            read_references(&many).err().unwrap_or_default()[0].code,
            "too_many"
        );
        assert_eq!(
            read_references(&[]).err().unwrap_or_default()[0].code,
            "required"
        );
    }

    #[test]
    fn csv_cells_cannot_be_formulas() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_cell("+62 812"), "\"'+62 812\"");
        assert_eq!(csv_cell("-1"), "\"'-1\"");
        assert_eq!(csv_cell("@SUM"), "\"'@SUM\"");
        assert_eq!(csv_cell("Siti, \"Ani\""), "\"Siti, \"\"Ani\"\"\"");
        assert_eq!(csv_cell(""), "\"\"");
    }
}
