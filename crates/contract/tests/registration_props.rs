//! Properties of registration validation and normalisation
//! (`contract::registration`): valid inputs pass, nothing panics, and
//! normalising is idempotent and never changes the verdict.

use contract::registration::*;
use contract::time::{civil_from_days, days_from_civil};
use contract::Lang;
use proptest::prelude::*;
use std::collections::BTreeSet;

const TODAY: (i64, u32, u32) = (2026, 1, 19);

fn separated(digits: String, seps: Vec<&'static str>) -> String {
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        out.push(c);
        out.push_str(seps.get(i).copied().unwrap_or(""));
    }
    out
}

fn separators() -> impl Strategy<Value = Vec<&'static str>> {
    proptest::collection::vec(
        prop_oneof![6 => Just(""), 2 => Just(" "), 1 => Just("-"), 1 => Just(".")],
        0..16,
    )
}

/// An Indonesian mobile number's national digits (after the trunk 0), e.g. `81234567890`.
fn indonesian_mobile() -> impl Strategy<Value = String> {
    "8[1-9][0-9]{7,9}"
}

/// An Indonesian number typed in one of the accepted ways, with its E.164 form.
fn typed_indonesian_phone() -> impl Strategy<Value = (String, String)> {
    (indonesian_mobile(), 0..6usize, separators()).prop_map(|(n, style, seps)| {
        let body = separated(n.clone(), seps);
        let typed = match style {
            0 => format!("0{body}"),
            1 => format!("62{body}"),
            2 => format!("+62 {body}"),
            3 => format!("0062 {body}"),
            4 => format!("+62 (0){body}"),
            _ => format!(" +62-{body} "),
        };
        (typed, format!("+62{n}"))
    })
}

fn valid_phone() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => typed_indonesian_phone().prop_map(|(t, _)| t),
        1 => "\\+855 [1-9][0-9]{7,8}",
        1 => "00855[1-9][0-9]{7,8}",
    ]
}

fn valid_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Z][a-z]{1,15}( [A-Z][a-z]{0,15}){0,3}",
        "[A-Z][a-z]{0,3}\\. [A-Z][a-z]{1,10}",
        "[A-Z]'[A-Z][a-z]{1,10}-[A-Z][a-z]{1,10}",
        "\\p{L}{2,20}( \\p{L}{1,20}){0,2}",
    ]
}

fn valid_dob() -> impl Strategy<Value = ((i64, u32, u32), String)> {
    let oldest = days_from_civil(TODAY.0 - 120, TODAY.1, TODAY.2);
    let today = days_from_civil(TODAY.0, TODAY.1, TODAY.2);
    (oldest..=today).prop_map(|d| {
        let (y, m, dd) = civil_from_days(d);
        ((y, m, dd), format!("{y:04}-{m:02}-{dd:02}"))
    })
}

fn nik_for(date: (i64, u32, u32), sex: Sex) -> impl Strategy<Value = String> {
    (11u32..=99, 0u32..100, 0u32..100, 1u32..=9999, separators()).prop_map(
        move |(p, k, c, serial, seps)| {
            let day = date.2 + if sex == Sex::Female { 40 } else { 0 };
            let digits = format!(
                "{p:02}{k:02}{c:02}{day:02}{:02}{:02}{serial:04}",
                date.1,
                date.0.rem_euclid(100)
            );
            separated(digits, seps)
        },
    )
}

fn valid_request() -> impl Strategy<Value = RegistrationRequest> {
    let who = (
        valid_name(),
        valid_dob(),
        prop_oneof![Just(Sex::Female), Just(Sex::Male)],
        any::<(bool, bool)>(),
    )
        .prop_flat_map(|(name, (date, dob), sex, (give_nik, give_sex))| {
            (
                Just(name),
                Just(dob),
                proptest::option::of(nik_for(date, sex)).prop_map(move |n| n.filter(|_| give_nik)),
                Just(give_sex.then_some(sex)),
            )
        });
    let papers = (
        proptest::sample::select(PassportStatus::ALL.to_vec()),
        proptest::option::of("[A-Za-z] ?[0-9]{7}"),
    );
    let contact = (
        valid_phone(),
        prop_oneof![
            Just(Whatsapp::None),
            Just(Whatsapp::SameAsPhone),
            valid_phone().prop_map(Whatsapp::Number),
        ],
        "[A-Za-z]{2,20}( [A-Za-z]{1,20})?",
        0u8..=50,
    );
    let help = (
        proptest::sample::subsequence(HelpNeeded::ALL.to_vec(), 1..=6),
        "[a-zA-Z ]{0,5}[a-zA-Z]{2,100}",
        proptest::option::of(prop_oneof![
            Just(ForcedToWork::Yes),
            Just(ForcedToWork::No),
            Just(ForcedToWork::PreferNotToSay),
        ]),
        proptest::option::of((valid_name(), valid_phone(), "[a-z]{2,20}")),
        prop_oneof![Just(Lang::Id), Just(Lang::En)],
    );
    (who, papers, contact, help).prop_map(
        |(
            (full_name, date_of_birth, nik, sex),
            (passport_status, passport_number),
            (phone, whatsapp, location, people_with_you),
            (help, other, forced_to_work, home, lang),
        )| {
            let help_needed: BTreeSet<HelpNeeded> = help.into_iter().collect();
            let help_other = help_needed.contains(&HelpNeeded::Other).then_some(other);
            RegistrationRequest {
                full_name,
                date_of_birth,
                nik,
                sex,
                passport_status,
                passport_number,
                phone,
                whatsapp,
                location,
                people_with_you,
                help_needed,
                help_other,
                forced_to_work,
                home_contact: home.map(|(name, phone, relationship)| HomeContact {
                    name,
                    phone,
                    relationship,
                }),
                consent: true,
                lang,
            }
        },
    )
}

/// Any string: printable, near-valid or full of control characters.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,30}",
        "[+0-9 ()\\-.]{0,20}",
        "[0-9]{0,20}",
        "[ \t\n\r\u{0}\u{a0}\u{200b}a-z'.-]{0,12}",
    ]
}

fn any_request() -> impl Strategy<Value = RegistrationRequest> {
    (
        (any_text(), any_text(), proptest::option::of(any_text())),
        (
            proptest::option::of(prop_oneof![Just(Sex::Female), Just(Sex::Male)]),
            proptest::sample::select(PassportStatus::ALL.to_vec()),
            proptest::option::of(any_text()),
        ),
        (
            any_text(),
            prop_oneof![
                Just(Whatsapp::None),
                Just(Whatsapp::SameAsPhone),
                any_text().prop_map(Whatsapp::Number),
            ],
            any_text(),
            any::<u8>(),
        ),
        (
            proptest::sample::subsequence(HelpNeeded::ALL.to_vec(), 0..=6),
            proptest::option::of(any_text()),
            proptest::option::of((any_text(), any_text(), any_text())),
            any::<bool>(),
        ),
    )
        .prop_map(
            |(
                (full_name, date_of_birth, nik),
                (sex, passport_status, passport_number),
                (phone, whatsapp, location, people_with_you),
                (help, help_other, home, consent),
            )| RegistrationRequest {
                full_name,
                date_of_birth,
                nik,
                sex,
                passport_status,
                passport_number,
                phone,
                whatsapp,
                location,
                people_with_you,
                help_needed: help.into_iter().collect(),
                help_other,
                forced_to_work: None,
                home_contact: home.map(|(name, phone, relationship)| HomeContact {
                    name,
                    phone,
                    relationship,
                }),
                consent,
                lang: Lang::Id,
            },
        )
}

fn is_e164(s: &str) -> bool {
    s.strip_prefix('+').is_some_and(|d| {
        (8..=15).contains(&d.len()) && d.bytes().all(|b| b.is_ascii_digit()) && !d.starts_with('0')
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn valid_generated_requests_pass(r in valid_request()) {
        prop_assert_eq!(validate(&r, TODAY), vec![]);
        let n = normalise(&r);
        prop_assert!(is_e164(&n.phone), "{}", n.phone);
        prop_assert_eq!(validate(&n, TODAY), vec![]);
        // What is stored reads back the same from JSON.
        let json = serde_json::to_string(&n).expect("serialise");
        let back: RegistrationRequest = serde_json::from_str(&json).expect("deserialise");
        prop_assert_eq!(back, n);
    }

    #[test]
    fn arbitrary_requests_never_panic_and_normalise_is_stable(
        r in any_request(),
        today in (1900i64..2200, 1u32..=12, 1u32..=28),
    ) {
        let errors = validate(&r, today);
        let n = normalise(&r);
        prop_assert_eq!(&normalise(&n), &n, "normalise is idempotent");
        prop_assert_eq!(validate(&n, today), errors.clone(), "normalising keeps the verdict");
        let mut seen = BTreeSet::new();
        for e in &errors {
            prop_assert!(FIELD_CODES.contains(&e.code.as_str()), "{}", e.code);
            prop_assert!(Field::from_name(&e.field).is_some(), "{}", e.field);
            prop_assert!(seen.insert(e.field.clone()), "two errors for {}", e.field);
            // The words are i18n's: every code of FIELD_CODES has a message
            // there (`i18n::registration_errors` tests it), and the backend
            // answers with it; the contract leaves `message` empty.
            prop_assert!(e.message.is_empty(), "{}", e.message);
        }
        for f in Field::ALL {
            let one = validate_field(f, &r, today);
            let from_all = errors.iter().find(|e| e.field == f.name()).cloned();
            prop_assert_eq!(one, from_all);
        }
    }

    #[test]
    fn phone_normalisation_never_panics_and_is_idempotent(s in any_text()) {
        if let Ok(e) = normalise_phone(&s) {
            prop_assert!(is_e164(&e), "{} -> {}", s, e);
            prop_assert_eq!(normalise_phone(&e), Ok(e.clone()));
        }
    }

    #[test]
    fn every_accepted_way_of_typing_an_indonesian_number_agrees((typed, e164) in typed_indonesian_phone()) {
        prop_assert_eq!(normalise_phone(&typed), Ok(e164));
    }

    #[test]
    fn nik_normalisation_is_idempotent(s in any_text()) {
        let once = normalise_nik(&s);
        if let Some(n) = &once {
            prop_assert_eq!(normalise_nik(n), once.clone());
            let _ = parse_nik(n);
        }
    }

    #[test]
    fn a_nik_encodes_the_date_of_birth_and_sex(
        (date, sex, typed) in (valid_dob(), prop_oneof![Just(Sex::Female), Just(Sex::Male)])
            .prop_flat_map(|((date, _), sex)| (Just(date), Just(sex), nik_for(date, sex))),
    ) {
        let digits = normalise_nik(&typed).expect("digits");
        let info = parse_nik(&digits).expect("parses");
        prop_assert_eq!(info.sex, sex);
        prop_assert_eq!(
            (info.day, info.month, info.year_2digit),
            (date.2, date.1, date.0.rem_euclid(100) as u32)
        );
    }

    #[test]
    fn passport_numbers_are_upper_cased(s in "[a-zA-Z][0-9]{7}") {
        let n = normalise_passport_number(&s).expect("not empty");
        prop_assert_eq!(&n, &s.to_ascii_uppercase());
        prop_assert_eq!(normalise_passport_number(&n), Some(n.clone()));
    }
}
