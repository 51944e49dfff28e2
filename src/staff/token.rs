//! The staff token lives only in `sessionStorage` (gone when the browser
//! closes), under a `portal.` key so "delete my data" also removes it.

const KEY: &str = "portal.staff.token";

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

pub fn get() -> Option<String> {
    session()?
        .get_item(KEY)
        .ok()?
        .filter(|t| !t.trim().is_empty())
}

/// Returns false when the browser refused to keep it.
pub fn set(token: &str) -> bool {
    session().is_some_and(|s| s.set_item(KEY, token.trim()).is_ok())
}

pub fn forget() {
    if let Some(s) = session() {
        let _ = s.remove_item(KEY);
    }
}
