//! Loading static JSON files (profile, guidance) with clear failure kinds,
//! so each page can tell the user what happened and what to do.

use gloo_net::http::Request;
use serde::de::DeserializeOwned;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The server says there is no such file.
    NotFound,
    /// No answer: offline, timed out, or the server is down.
    Network,
    /// An answer that is not what we expect (HTML error page, truncated JSON...).
    BadData,
}

pub async fn get_json<T: DeserializeOwned>(url: &str) -> Result<T, LoadError> {
    let res = Request::get(url)
        .send()
        .await
        .map_err(|_| LoadError::Network)?;
    match res.status() {
        200 => {}
        404 => return Err(LoadError::NotFound),
        s if s >= 500 => return Err(LoadError::Network),
        _ => return Err(LoadError::BadData),
    }
    let text = res.text().await.map_err(|_| LoadError::Network)?;
    serde_json::from_str(&text).map_err(|_| LoadError::BadData)
}
