//! What staff are writing, field by field, and the [`AdvisoryInput`] it
//! makes. Times are typed as the embassy's local date and time.

use contract::advisory::{
    Advisory, AdvisoryInput, ElsewhereInput, InvitationInput, PointStatus, ServicePointInput,
    Verdict, DEFAULT_REFRESH_S,
};
use contract::time::{local_date, parse_hhmm, parse_rfc3339};
use contract::{FieldError, Lang, Localized, Profile};
use i18n::advisories::Key as A;
use i18n::templates::fill_template;
use leptos::prelude::*;

use super::paths;
use crate::advisories::clock::{local_parts, local_rfc3339};

/// A text in both languages.
#[derive(Clone, Copy)]
pub struct Pair {
    pub id: RwSignal<String>,
    pub en: RwSignal<String>,
}

impl Pair {
    pub fn new() -> Pair {
        Pair {
            id: RwSignal::new(String::new()),
            en: RwSignal::new(String::new()),
        }
    }

    pub fn get(&self) -> Localized {
        Localized::new(self.id.get().trim(), self.en.get().trim())
    }

    /// `None` when empty in both languages.
    pub fn opt(&self) -> Option<Localized> {
        let l = self.get();
        (!l.id.is_empty() || !l.en.is_empty()).then_some(l)
    }

    pub fn set(&self, l: &Localized) {
        self.id.set(l.id.clone());
        self.en.set(l.en.clone());
    }
}

/// One service point being edited.
#[derive(Clone, Copy)]
pub struct PointDraft {
    /// Stable while the list changes.
    pub key: u32,
    pub id: RwSignal<String>,
    pub name: Pair,
    pub status: RwSignal<String>,
    pub wait_min: RwSignal<String>,
    pub wait_max: RwSignal<String>,
    pub now_serving: RwSignal<String>,
    pub counters_open: RwSignal<String>,
    pub counters_max: RwSignal<String>,
    pub waiting_inside: RwSignal<String>,
    pub line_outside: RwSignal<String>,
    pub message: Pair,
}

impl PointDraft {
    fn new(key: u32) -> PointDraft {
        let s = || RwSignal::new(String::new());
        PointDraft {
            key,
            id: s(),
            name: Pair::new(),
            status: RwSignal::new(PointStatus::Open.code().to_string()),
            wait_min: s(),
            wait_max: s(),
            now_serving: s(),
            counters_open: s(),
            counters_max: s(),
            waiting_inside: s(),
            line_outside: s(),
            message: Pair::new(),
        }
    }

    fn fill(&self, p: &contract::advisory::ServicePoint) {
        let n = |v: Option<u32>| v.map(|v| v.to_string()).unwrap_or_default();
        self.id.set(p.id.clone());
        self.name.set(&p.name);
        self.status.set(p.status.code().to_string());
        self.wait_min.set(n(p.wait_min));
        self.wait_max.set(n(p.wait_max));
        self.now_serving
            .set(p.now_serving.clone().unwrap_or_default());
        self.counters_open.set(n(p.counters_open));
        self.counters_max.set(n(p.counters_max));
        self.waiting_inside.set(n(p.waiting_inside));
        self.line_outside.set(n(p.line_outside));
        self.message.set(&p.message.clone().unwrap_or_default());
    }
}

/// The whole form.
#[derive(Clone, Copy)]
pub struct Draft {
    pub verdict: RwSignal<Verdict>,
    pub notice: Pair,
    pub template: RwSignal<String>,
    pub template_time: RwSignal<String>,
    pub place: Pair,
    pub address: Pair,
    pub hours: Pair,
    pub inv_on: RwSignal<bool>,
    pub inv_date: RwSignal<String>,
    pub inv_start: RwSignal<String>,
    pub inv_end: RwSignal<String>,
    pub before_date: RwSignal<String>,
    pub before_time: RwSignal<String>,
    pub help: RwSignal<Vec<String>>,
    pub points: RwSignal<Vec<PointDraft>>,
    next_key: StoredValue<u32>,
    pub next_date: RwSignal<String>,
    pub next_time: RwSignal<String>,
    pub valid_date: RwSignal<String>,
    pub valid_time: RwSignal<String>,
    pub refresh: RwSignal<String>,
}

/// The profile's first opening time, else 08:00.
pub fn opening_time(p: Option<&Profile>) -> String {
    p.and_then(|p| p.opening_hours.first())
        .map(|h| h.opens.clone())
        .filter(|t| parse_hhmm(t).is_some())
        .unwrap_or_else(|| "08:00".into())
}

fn closing_time(p: Option<&Profile>) -> String {
    p.and_then(|p| p.opening_hours.first())
        .map(|h| h.closes.clone())
        .filter(|t| parse_hhmm(t).is_some())
        .unwrap_or_else(|| "12:00".into())
}

/// Default times: next update in an hour (rounded up to 5 minutes); valid
/// until the end of the local day, or an hour after the next update.
pub fn default_times(now: i64, off: i32) -> ((String, String), (String, String)) {
    let next = (now + 3600 + 299) / 300 * 300;
    let end_of_day = {
        let today = local_date(now, off);
        parse_rfc3339(&local_rfc3339(&today, "23:59", off)).unwrap_or(next + 3600)
    };
    let valid = if end_of_day > next {
        end_of_day
    } else {
        next + 3600
    };
    (local_parts(next, off), local_parts(valid, off))
}

impl Draft {
    pub fn new(now: i64, profile: Option<&Profile>) -> Draft {
        let off = profile.map_or(0, |p| p.utc_offset_minutes);
        let s = |v: String| RwSignal::new(v);
        let ((nd, nt), (vd, vt)) = default_times(now, off);
        let first = PointDraft::new(0);
        first.id.set("main".into());
        first.name.set(&Localized::new(
            A::DefaultPointName.get(Lang::Id),
            A::DefaultPointName.get(Lang::En),
        ));
        Draft {
            verdict: RwSignal::new(Verdict::Come),
            notice: Pair::new(),
            template: s(String::new()),
            template_time: s(opening_time(profile)),
            place: Pair::new(),
            address: Pair::new(),
            hours: Pair::new(),
            inv_on: RwSignal::new(false),
            inv_date: s(local_date(now, off)),
            inv_start: s(opening_time(profile)),
            inv_end: s(closing_time(profile)),
            before_date: s(String::new()),
            before_time: s(String::new()),
            help: RwSignal::new(Vec::new()),
            points: RwSignal::new(vec![first]),
            next_key: StoredValue::new(1),
            next_date: s(nd),
            next_time: s(nt),
            valid_date: s(vd),
            valid_time: s(vt),
            refresh: s(String::new()),
        }
    }

    pub fn add_point(&self) {
        let key = self.next_key.get_value();
        self.next_key.set_value(key + 1);
        self.points.update(|v| v.push(PointDraft::new(key)));
    }

    pub fn remove_point(&self, key: u32) {
        self.points.update(|v| v.retain(|p| p.key != key));
    }

    /// Whether the invitation fields are part of the advisory.
    pub fn invitation_used(&self) -> bool {
        self.inv_on.get() || self.verdict.get() == Verdict::InvitedOnly
    }

    /// Puts the chosen template, with its time, into the notice. Returns
    /// the error code when the time is not `HH:MM`.
    pub fn use_template(&self) -> Result<(), &'static str> {
        let code = self.template.get_untracked();
        if code.is_empty() {
            return Ok(());
        }
        match fill_template(&code, self.template_time.get_untracked().trim()) {
            Some(l) => {
                self.notice.set(&l);
                Ok(())
            }
            None => Err("time_format"),
        }
    }

    /// The advisory input, and the problems found turning text into numbers.
    pub fn build(&self, off: i32) -> (AdvisoryInput, Vec<FieldError>) {
        let mut errors = Vec::new();
        let mut num = |path: String, s: RwSignal<String>| match paths::number(&s.get()) {
            Ok(v) => v,
            Err(code) => {
                errors.push(FieldError::new(path, code, "not a whole number"));
                None
            }
        };
        let verdict = self.verdict.get();
        let points = self
            .points
            .get()
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let f = |n: &str| format!("points[{i}].{n}");
                let serving = p.now_serving.get().trim().to_string();
                ServicePointInput {
                    id: p.id.get().trim().to_string(),
                    name: p.name.get(),
                    status: PointStatus::from_code(&p.status.get()).unwrap_or_default(),
                    wait_min: num(f("wait_min"), p.wait_min),
                    wait_max: num(f("wait_max"), p.wait_max),
                    waiting_inside: num(f("waiting_inside"), p.waiting_inside),
                    line_outside: num(f("line_outside"), p.line_outside),
                    now_serving: (!serving.is_empty()).then_some(serving),
                    counters_open: num(f("counters_open"), p.counters_open),
                    counters_max: num(f("counters_max"), p.counters_max),
                    message: p.message.opt(),
                }
            })
            .collect();
        let refresh_after_s = num("refresh_after_s".into(), self.refresh);
        // Shown, and sent, only with "go elsewhere".
        let elsewhere = (verdict == Verdict::GoElsewhere).then(|| ElsewhereInput {
            place: self.place.get(),
            address: self.address.get(),
            hours: self.hours.opt(),
        });
        let invitation = self.invitation_used().then(|| {
            let (bd, bt) = (self.before_date.get(), self.before_time.get());
            InvitationInput {
                date: self.inv_date.get().trim().to_string(),
                window_start: self.inv_start.get().trim().to_string(),
                window_end: self.inv_end.get().trim().to_string(),
                registered_before: (!bd.trim().is_empty() || !bt.trim().is_empty())
                    .then(|| local_rfc3339(&bd, &bt, off)),
                help_kinds: self.help.get(),
            }
        });
        let input = AdvisoryInput {
            verdict,
            elsewhere,
            invitation,
            points,
            notice: self.notice.opt(),
            next_update_by: local_rfc3339(&self.next_date.get(), &self.next_time.get(), off),
            valid_until: local_rfc3339(&self.valid_date.get(), &self.valid_time.get(), off),
            refresh_after_s,
        };
        (input, errors)
    }

    /// Starts from what is published now (times stay the fresh defaults).
    pub fn prefill(&self, a: &Advisory, off: i32) {
        self.verdict.set(a.verdict);
        self.notice.set(&a.notice.clone().unwrap_or_default());
        if let Some(e) = &a.elsewhere {
            self.place.set(&e.place);
            self.address.set(&e.address);
            self.hours.set(&e.hours);
        }
        if let Some(i) = &a.invitation {
            self.inv_on.set(true);
            self.inv_date.set(i.date.clone());
            self.inv_start.set(i.window_start.clone());
            self.inv_end.set(i.window_end.clone());
            if let Some(u) = i.registered_before.as_deref().and_then(parse_rfc3339) {
                let (d, t) = local_parts(u, off);
                self.before_date.set(d);
                self.before_time.set(t);
            }
            self.help.set(i.help_kinds.clone());
        }
        if !a.points.is_empty() {
            let drafts = a
                .points
                .iter()
                .map(|p| {
                    let key = self.next_key.get_value();
                    self.next_key.set_value(key + 1);
                    let d = PointDraft::new(key);
                    d.fill(p);
                    d
                })
                .collect();
            self.points.set(drafts);
        }
        if a.refresh_after_s != DEFAULT_REFRESH_S {
            self.refresh.set(a.refresh_after_s.to_string());
        }
    }
}

/// "Full for today": do not come, with the template, until tomorrow's
/// opening time; staff post again at the next opening time (today's, if it
/// is still ahead), which is never more than the contract's 24 hours away.
pub fn full_today(now: i64, profile: Option<&Profile>) -> AdvisoryInput {
    let off = profile.map_or(0, |p| p.utc_offset_minutes);
    let opens = opening_time(profile);
    let tomorrow = local_date(now + 86400, off);
    let until = local_rfc3339(&tomorrow, &opens, off);
    let opens_today = local_rfc3339(&local_date(now, off), &opens, off);
    let next_opening = if parse_rfc3339(&opens_today).is_some_and(|t| t > now) {
        opens_today
    } else {
        until.clone()
    };
    AdvisoryInput {
        verdict: Verdict::DoNotCome,
        elsewhere: None,
        invitation: None,
        points: Vec::new(),
        notice: fill_template("full_today", &opens),
        next_update_by: next_opening,
        valid_until: until,
        refresh_after_s: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use contract::advisory::validate;

    // 2026-01-19T01:00:00Z is 08:00 in Phnom Penh (UTC+7).
    const NOW: i64 = 1_768_784_400;

    #[test]
    fn default_times_are_valid() {
        for now in [NOW, NOW + 15 * 3600 + 1800, NOW + 16 * 3600 + 50 * 60] {
            let ((nd, nt), (vd, vt)) = default_times(now, 420);
            let next = parse_rfc3339(&local_rfc3339(&nd, &nt, 420)).unwrap_or(0);
            let valid = parse_rfc3339(&local_rfc3339(&vd, &vt, 420)).unwrap_or(0);
            assert!(next > now && valid >= next, "{now}: {nd} {nt} / {vd} {vt}");
        }
    }

    #[test]
    fn full_today_is_valid_input() {
        let input = full_today(NOW, None);
        assert_eq!(validate(&input, NOW), []);
        // 01:00 UTC: today's 08:00 opening is still ahead.
        assert_eq!(input.next_update_by, "2026-01-19T08:00:00+00:00");
        assert_eq!(input.valid_until, "2026-01-20T08:00:00+00:00");
        // After today's opening, the next one is tomorrow's: within 24 hours.
        let later = full_today(NOW + 10 * 3600, None);
        assert_eq!(validate(&later, NOW + 10 * 3600), []);
        assert_eq!(later.next_update_by, "2026-01-20T08:00:00+00:00");
        assert_eq!(input.verdict, Verdict::DoNotCome);
    }
}
