//! Words of the ready-made staff messages (`contract::advisory::TEMPLATES`
//! holds their codes and verdicts). `{time}` is filled by [`fill`].

use crate::Lang;
use contract::time::parse_hhmm;
use contract::Localized;

catalogue! {
    ComeNow => {
        id: "Silakan datang sekarang. Kami melayani sampai pukul {time}.",
        en: "Come now. We serve people until {time}.",
    },
    FullToday => {
        id: "Penuh hari ini. Datang besok mulai pukul {time}.",
        en: "Full today. Come tomorrow from {time}.",
    },
    ClosedToday => {
        id: "Tutup hari ini. Kami buka lagi besok pukul {time}.",
        en: "Closed today. We open again tomorrow at {time}.",
    },
    InvitedOnlyBefore => {
        id: "Hanya untuk yang sudah mendaftar sebelum pukul {time}. Yang lain, jangan datang hari ini.",
        en: "Only for people who registered before {time}. Everyone else, please do not come today.",
    },
    GoElsewhere => {
        id: "Jangan datang ke kedutaan hari ini. Pergi ke tempat yang tertulis di sini, mulai pukul {time}.",
        en: "Do not come to the embassy today. Go to the place given here, from {time}.",
    },
}

/// The catalogue key of a template code.
pub fn key(code: &str) -> Option<Key> {
    Some(match code {
        "come_now" => Key::ComeNow,
        "full_today" => Key::FullToday,
        "closed_today" => Key::ClosedToday,
        "invited_only_before" => Key::InvitedOnlyBefore,
        "go_elsewhere" => Key::GoElsewhere,
        _ => return None,
    })
}

/// The template's text in `lang`, with `{time}` not filled (empty for an
/// unknown code).
pub fn text(code: &str, lang: Lang) -> &'static str {
    key(code).map_or("", |k| k.get(lang))
}

/// The template's text in both languages with `{time}` replaced by `time`
/// (e.g. `08:00`).
pub fn fill(key: Key, time: &str) -> Localized {
    Localized::new(
        key.get(Lang::Id).replace("{time}", time),
        key.get(Lang::En).replace("{time}", time),
    )
}

/// [`fill`] by code; `None` for an unknown code or a `time` that is not `HH:MM`.
pub fn fill_template(code: &str, time: &str) -> Option<Localized> {
    parse_hhmm(time)?;
    Some(fill(key(code)?, time))
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::advisory::{validate, AdvisoryInput, Verdict, TEMPLATES};

    #[test]
    fn templates_fill_both_languages() {
        for tpl in &TEMPLATES {
            let k = key(tpl.code).expect("every template has words");
            assert!(
                text(tpl.code, Lang::Id).contains("{time}")
                    && text(tpl.code, Lang::En).contains("{time}"),
                "{}",
                tpl.code
            );
            let l = fill(k, "08:00");
            assert!(l.is_complete());
            assert!(!l.id.contains('{') && !l.en.contains('{'));
            assert!(l.id.contains("08:00") && l.en.contains("08:00"));
            // A filled template is valid staff text.
            let i = AdvisoryInput {
                verdict: Verdict::Come,
                elsewhere: None,
                invitation: None,
                points: Vec::new(),
                notice: Some(l),
                next_update_by: "2026-01-19T10:00:00+07:00".into(),
                valid_until: "2026-01-19T16:00:00+07:00".into(),
                refresh_after_s: None,
            };
            assert_eq!(validate(&i, 1_768_784_400), [], "{}", tpl.code);
        }
        assert_eq!(
            fill_template("full_today", "08:00"),
            Some(Localized::new(
                "Penuh hari ini. Datang besok mulai pukul 08:00.",
                "Full today. Come tomorrow from 08:00."
            ))
        );
        assert_eq!(fill_template("full_today", "8"), None);
        assert_eq!(fill_template("nope", "08:00"), None);
    }
}
