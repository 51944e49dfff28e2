//! The embassy's stages of a case, in the order a case usually moves through
//! them. Data, not code: each embassy keeps its own `stages.json` beside the
//! profile; the app and the backend read the same file and check it with
//! [`Stages::from_json`].

use serde::{Deserialize, Serialize};

use crate::{FieldError, Localized};

/// What the person does next at a stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Next {
    /// Something to do, in both languages.
    Do(Localized),
    /// Nothing: "you do not need to come to ask" (said by the app in its own words).
    Nothing,
}

/// One stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    /// Stable id, `a-z`, `0-9` and `-`, e.g. `interview`.
    pub id: String,
    pub name: Localized,
    /// What the stage means, in a sentence or two.
    pub meaning: Localized,
    pub next: Next,
    /// What to bring, when the stage asks the person to come.
    #[serde(default)]
    pub bring: Vec<Localized>,
    /// Whether staff give an invitation (date, time window, place) with it.
    #[serde(default)]
    pub invites: bool,
}

/// The whole list, as the file has it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stages {
    /// The stages a case moves through, in order; the first is where every
    /// new registration starts, the last is "closed".
    pub path: Vec<Stage>,
    /// The stage shown off the path, also for a stage id this app does not
    /// know (a newer backend): "please contact the embassy".
    pub contact: Stage,
}

/// Where a stage of the path is for one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Done,
    Now,
    Later,
}

/// Why a stages file cannot be used; `Display` names the field.
#[derive(Debug, Clone, PartialEq)]
pub enum StagesError {
    Syntax(String),
    Invalid(Vec<FieldError>),
}

impl std::fmt::Display for StagesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StagesError::Syntax(m) => {
                write!(f, "stages file is not valid JSON for the schema: {m}")
            }
            StagesError::Invalid(errs) => {
                write!(f, "stages file has invalid fields:")?;
                for e in errs {
                    write!(f, " {}: {};", e.field, e.message)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for StagesError {}

/// Longest stage id.
pub const ID_MAX: usize = 40;

fn is_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= ID_MAX
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

impl Stages {
    pub fn from_json(text: &str) -> Result<Stages, StagesError> {
        let s: Stages =
            serde_json::from_str(text).map_err(|e| StagesError::Syntax(e.to_string()))?;
        let errs = s.validate();
        if errs.is_empty() {
            Ok(s)
        } else {
            Err(StagesError::Invalid(errs))
        }
    }

    /// Every problem, each naming its field.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut e = Vec::new();
        if self.path.len() < 2 {
            e.push(FieldError::new(
                "path",
                "required",
                "needs at least a first and a last stage",
            ));
        }
        let all = self
            .path
            .iter()
            .enumerate()
            .map(|(i, s)| (format!("path[{i}]"), s))
            .chain(std::iter::once(("contact".to_string(), &self.contact)));
        let mut seen = std::collections::HashSet::new();
        for (at, s) in all {
            if !is_id(&s.id) {
                e.push(FieldError::new(
                    format!("{at}.id"),
                    "format",
                    format!("must be 1 to {ID_MAX} of a-z, 0-9 and -"),
                ));
            } else if !seen.insert(s.id.as_str()) {
                e.push(FieldError::new(
                    format!("{at}.id"),
                    "duplicate",
                    "another stage has this id",
                ));
            }
            let mut need = |field: &str, l: &Localized| {
                if !l.is_complete() {
                    e.push(FieldError::new(
                        format!("{at}.{field}"),
                        "missing_translation",
                        "needs both `id` and `en` text",
                    ));
                }
            };
            need("name", &s.name);
            need("meaning", &s.meaning);
            if let Next::Do(l) = &s.next {
                need("next", l);
            }
            for (j, b) in s.bring.iter().enumerate() {
                need(&format!("bring[{j}]"), b);
            }
        }
        e
    }

    /// The stage a new registration starts at.
    pub fn initial(&self) -> &Stage {
        self.path.first().unwrap_or(&self.contact)
    }

    /// The stage with this id, if the list has it (on the path or off it).
    pub fn get(&self, id: &str) -> Option<&Stage> {
        self.path
            .iter()
            .chain(std::iter::once(&self.contact))
            .find(|s| s.id == id)
    }

    /// The stage to show for `id`: an id this list does not know (a newer
    /// backend's) is shown as the contact stage, never as an error.
    pub fn shown(&self, id: &str) -> &Stage {
        self.get(id).unwrap_or(&self.contact)
    }

    /// Every stage of the path, marked for a case now at `current` that has
    /// been through `history` (stage ids). A case off the path (the contact
    /// stage, or an id this list does not know) has no "now" on the path:
    /// the stages it went through are done, the rest still to come.
    pub fn progress<'a>(&'a self, current: &str, history: &[&str]) -> Vec<(&'a Stage, Progress)> {
        let at = self.position(current);
        self.path
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let p = match at {
                    Some(a) if i < a => Progress::Done,
                    Some(a) if i == a => Progress::Now,
                    Some(_) => Progress::Later,
                    None if history.contains(&s.id.as_str()) => Progress::Done,
                    None => Progress::Later,
                };
                (s, p)
            })
            .collect()
    }

    /// Where `id` is on the path (`None` off the path).
    pub fn position(&self, id: &str) -> Option<usize> {
        self.path.iter().position(|s| s.id == id)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn shipped() -> Stages {
        let text = include_str!("../../../../public/stages.json");
        match Stages::from_json(text) {
            Ok(s) => s,
            Err(e) => panic!("public/stages.json: {e}"),
        }
    }

    #[test]
    fn the_shipped_list_is_valid_and_has_the_splp_steps() {
        let s = shipped();
        let ids: Vec<&str> = s.path.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "registered",
                "checked",
                "interview",
                "preparing",
                "ready",
                "travel",
                "closed"
            ]
        );
        assert_eq!(s.contact.id, "contact-embassy");
        assert_eq!(s.initial().id, "registered");
        assert!(s
            .get("interview")
            .is_some_and(|st| st.invites && !st.bring.is_empty()));
        assert!(s.get("ready").is_some_and(|st| st.invites));
        assert_eq!(s.get("preparing").map(|st| &st.next), Some(&Next::Nothing));
    }

    #[test]
    fn an_unknown_stage_is_shown_as_contact_the_embassy() {
        let s = shipped();
        assert_eq!(s.shown("from-a-newer-backend").id, "contact-embassy");
        assert_eq!(s.shown("ready").id, "ready");
        assert_eq!(s.position("contact-embassy"), None);
        assert_eq!(s.position("closed"), Some(6));
    }

    #[test]
    fn progress_marks_done_now_and_later() {
        let s = shipped();
        let marks: Vec<Progress> = s
            .progress("interview", &[])
            .into_iter()
            .map(|(_, p)| p)
            .collect();
        use Progress::*;
        assert_eq!(marks, [Done, Done, Now, Later, Later, Later, Later]);
        let off: Vec<Progress> = s
            .progress(
                "contact-embassy",
                &["registered", "checked", "contact-embassy"],
            )
            .into_iter()
            .map(|(_, p)| p)
            .collect();
        assert_eq!(off, [Done, Done, Later, Later, Later, Later, Later]);
        let unknown: Vec<Progress> = s
            .progress("new-kind", &["registered"])
            .into_iter()
            .map(|(_, p)| p)
            .collect();
        assert_eq!(unknown[0], Done);
        assert!(unknown[1..].iter().all(|p| *p == Later));
    }

    #[test]
    fn problems_name_their_field() {
        let mut s = shipped();
        s.path[1].id = "registered".into();
        s.path[2].name.en.clear();
        s.contact.id = "Not An Id".into();
        let fields: Vec<(String, String)> = s
            .validate()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        assert!(
            fields.contains(&("path[1].id".into(), "duplicate".into())),
            "{fields:?}"
        );
        assert!(
            fields.contains(&("path[2].name".into(), "missing_translation".into())),
            "{fields:?}"
        );
        assert!(
            fields.contains(&("contact.id".into(), "format".into())),
            "{fields:?}"
        );
        assert!(matches!(
            Stages::from_json("{"),
            Err(StagesError::Syntax(_))
        ));
        let one = Stages {
            path: vec![s.path[0].clone()],
            contact: shipped().contact,
        };
        assert!(one.validate().iter().any(|e| e.field == "path"));
    }
}
