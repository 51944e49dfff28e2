//! Freshness: whether a document can be shown as today's status.

use super::{Advisory, CLOCK_SKEW_S};
use serde::{Deserialize, Serialize};

/// An advisory's times in Unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Times {
    pub updated_at: Option<i64>,
    pub next_update_by: Option<i64>,
    pub valid_until: Option<i64>,
}

/// Whether a document can be shown as today's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Freshness {
    Current,
    /// Show the status as unknown; say why and give the absolute times.
    MayBeOutdated(StaleReason),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StaleReason {
    /// Staff promised an update by `next_update_by` and none came ("update pending").
    PastNextUpdate,
    /// The advisory expired.
    PastValidUntil,
    /// `updated_at` is ahead of the reader's clock by more than [`CLOCK_SKEW_S`]:
    /// one of the clocks is wrong, so no comparison can be trusted.
    UpdatedInFuture,
    /// `updated_at` or `valid_until` is absent or unreadable (e.g. the default
    /// document served while no advisory was ever posted).
    MissingTimes,
}

impl StaleReason {
    pub const ALL: [StaleReason; 4] = [
        StaleReason::PastNextUpdate,
        StaleReason::PastValidUntil,
        StaleReason::UpdatedInFuture,
        StaleReason::MissingTimes,
    ];

    pub fn code(self) -> &'static str {
        match self {
            StaleReason::PastNextUpdate => "past_next_update",
            StaleReason::PastValidUntil => "past_valid_until",
            StaleReason::UpdatedInFuture => "updated_in_future",
            StaleReason::MissingTimes => "missing_times",
        }
    }
}

impl Freshness {
    pub fn is_current(self) -> bool {
        self == Freshness::Current
    }

    /// Small stable index (0..5), e.g. to cache one rendering per state.
    pub fn index(self) -> usize {
        match self {
            Freshness::Current => 0,
            Freshness::MayBeOutdated(StaleReason::PastNextUpdate) => 1,
            Freshness::MayBeOutdated(StaleReason::PastValidUntil) => 2,
            Freshness::MayBeOutdated(StaleReason::UpdatedInFuture) => 3,
            Freshness::MayBeOutdated(StaleReason::MissingTimes) => 4,
        }
    }

    /// Number of distinct [`Freshness::index`] values.
    pub const COUNT: usize = 5;
}

impl Times {
    /// Freshness at `now_unix`. Checked in order: missing times, updated in
    /// the future (beyond [`CLOCK_SKEW_S`]), past `valid_until`, past
    /// `next_update_by` (absent `next_update_by` is not a problem).
    pub fn freshness(&self, now_unix: i64) -> Freshness {
        use StaleReason::*;
        let (Some(updated), Some(valid)) = (self.updated_at, self.valid_until) else {
            return Freshness::MayBeOutdated(MissingTimes);
        };
        if updated > now_unix.saturating_add(CLOCK_SKEW_S) {
            return Freshness::MayBeOutdated(UpdatedInFuture);
        }
        if now_unix >= valid {
            return Freshness::MayBeOutdated(PastValidUntil);
        }
        if self.next_update_by.is_some_and(|n| now_unix > n) {
            return Freshness::MayBeOutdated(PastNextUpdate);
        }
        Freshness::Current
    }
}

/// Whether `adv` can be shown as current at `now_unix` (the reader's clock).
pub fn freshness(adv: &Advisory, now_unix: i64) -> Freshness {
    adv.times().freshness(now_unix)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::advisory::test_support::*;

    #[test]
    fn freshness_rules() {
        let times = |u: &str, n: &str, v: &str| Times {
            updated_at: Some(t(u)),
            next_update_by: Some(t(n)),
            valid_until: Some(t(v)),
        };
        let x = times(
            "2026-01-19T01:00:00Z",
            "2026-01-19T03:00:00Z",
            "2026-01-19T09:00:00Z",
        );
        assert_eq!(x.freshness(NOW), Freshness::Current);
        assert_eq!(
            x.freshness(t("2026-01-19T03:00:01Z")),
            Freshness::MayBeOutdated(StaleReason::PastNextUpdate)
        );
        assert_eq!(x.freshness(t("2026-01-19T03:00:00Z")), Freshness::Current);
        assert_eq!(
            x.freshness(t("2026-01-19T09:00:00Z")),
            Freshness::MayBeOutdated(StaleReason::PastValidUntil)
        );
        // A phone clock a few minutes behind is tolerated; an hour is not.
        assert_eq!(x.freshness(NOW - 120), Freshness::Current);
        assert_eq!(
            x.freshness(NOW - 3600),
            Freshness::MayBeOutdated(StaleReason::UpdatedInFuture)
        );
        let no_next = Times {
            next_update_by: None,
            ..x
        };
        assert_eq!(
            no_next.freshness(t("2026-01-19T05:00:00Z")),
            Freshness::Current
        );
        let no_valid = Times {
            valid_until: None,
            ..x
        };
        assert_eq!(
            no_valid.freshness(NOW),
            Freshness::MayBeOutdated(StaleReason::MissingTimes)
        );
        let mut a = valid_input().into_advisory(NOW);
        a.valid_until = Some("garbage".into());
        assert_eq!(
            freshness(&a, NOW),
            Freshness::MayBeOutdated(StaleReason::MissingTimes)
        );
        let idx: std::collections::HashSet<usize> = StaleReason::ALL
            .iter()
            .map(|r| Freshness::MayBeOutdated(*r).index())
            .chain([Freshness::Current.index()])
            .collect();
        assert_eq!(idx.len(), Freshness::COUNT);
        assert!(idx.iter().all(|i| *i < Freshness::COUNT));
    }
}
