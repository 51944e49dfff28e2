//! Staff accounts: a name, a role, and a token shown once.
//!
//! Roles include the ones before them: a case officer can do what the desk
//! does, an admin what a case officer does.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Look up, scan, mark arrived.
    Desk,
    /// Also change stages, batches, name search, the notice board, export.
    Officer,
    /// Also advisories, and reading the audit log.
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Desk, Role::Officer, Role::Admin];

    pub fn code(self) -> &'static str {
        match self {
            Role::Desk => "desk",
            Role::Officer => "officer",
            Role::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Whether this role may do what `needed` may.
    pub fn can(self, needed: Role) -> bool {
        self >= needed
    }
}

/// `GET /api/v1/staff/me`: who the token belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMe {
    pub name: String,
    pub role: Role,
}

/// Longest account name.
pub const NAME_MAX: usize = 60;

/// An account name: 1 to [`NAME_MAX`] characters, letters, digits, spaces
/// and `- . _` (it is shown in "marked arrived by Desk 2" and the audit log).
pub fn is_account_name(s: &str) -> bool {
    let n = s.chars().count();
    (1..=NAME_MAX).contains(&n)
        && s.trim() == s
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '.' | '_'))
}

/// The newest audit entries an answer carries, at most.
pub const AUDIT_MAX: usize = 500;

/// `POST /api/v1/audit/search` (admins): the audit log from a day, for one
/// reference if given. In the body: a reference is never put in a URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// First day (`YYYY-MM-DD`, UTC), included.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// One line of the audit log: who did what, when, to which reference. No
/// personal data (a name search is written as such, never the name).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub at: String,
    pub actor: String,
    pub action: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default)]
    pub detail: String,
}

/// The answer: the newest [`AUDIT_MAX`] entries matching, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditLog {
    pub entries: Vec<AuditEntry>,
    /// Whether older matching entries were left out.
    pub more: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_include_the_ones_before() {
        assert!(Role::Admin.can(Role::Officer));
        assert!(Role::Officer.can(Role::Desk));
        assert!(!Role::Desk.can(Role::Officer));
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        assert_eq!(Role::from_code("root"), None);
    }

    #[test]
    fn account_names() {
        assert!(is_account_name("Desk 2"));
        assert!(is_account_name("Ani_K."));
        assert!(!is_account_name(""));
        assert!(!is_account_name(" Desk"));
        assert!(!is_account_name("a<b>"));
        assert!(!is_account_name(&"x".repeat(61)));
    }
}
