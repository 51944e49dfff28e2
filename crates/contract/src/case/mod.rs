//! A registration's case, after the form is sent: where it stands, what the
//! person does next, and how staff move it along.
//!
//! - [`stages`]: the embassy's list of stages, a deployment file
//!   (`stages.json`, beside the profile), validated like the profile.
//! - [`lookup`]: the person's lookup (reference + date of birth) and its
//!   answer, which never carries a field of the registration.
//! - [`record`]: the case as staff see it (who changed what).
//! - [`update`]: a staff change of one case (stage, note, invitation).

pub mod lookup;
pub mod record;
pub mod stages;
pub mod update;

pub use lookup::{parse_birth_date, CaseStatus, LookupRequest, StageChange, LOOKUP_FAILED};
pub use record::{CaseConflict, CaseRecord, StaffStageChange, CASE_CONFLICT};
pub use stages::{Next, Progress, Stage, Stages, StagesError};
pub use update::{CaseUpdate, Invitation, NOTE_MAX_CHARS};
