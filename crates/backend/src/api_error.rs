//! Every API error is JSON `{"error":{"code","message"}}` with the right status.
//! `ApiJson` replaces axum's `Json` extractor so that malformed bodies, wrong
//! content types and oversize bodies also answer in that shape.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use contract::{ApiError, FieldError};
use serde::de::DeserializeOwned;

#[derive(Debug)]
pub struct ApiErr {
    pub status: StatusCode,
    pub body: ApiError,
    pub retry_after: Option<u64>,
}

impl ApiErr {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        ApiErr {
            status,
            body: ApiError::new(code, message),
            retry_after: None,
        }
    }
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "No such resource.")
    }
    pub fn validation(fields: Vec<FieldError>) -> Self {
        ApiErr {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            body: ApiError::validation(fields),
            retry_after: None,
        }
    }
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "A valid staff token is required.",
        )
    }
    /// 503 `unavailable` (the database failed: read-only, locked, full),
    /// with `Retry-After` so the phone's outbox waits and sends again.
    pub fn internal() -> Self {
        ApiErr {
            retry_after: Some(crate::health::NOT_READY_RETRY_AFTER_S),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "The service could not complete the request. Try again later.",
            )
        }
    }
    /// Too many API requests at once (`server::admit`): try again shortly.
    pub fn busy() -> Self {
        ApiErr {
            retry_after: Some(2),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "The server is busy. Try again in a few seconds.",
            )
        }
    }
    /// The body did not arrive within the body timeout (`server::body_deadline`).
    pub fn body_timeout() -> Self {
        Self::new(
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            "The request body took too long to arrive. Send it again.",
        )
    }
    pub fn too_many(retry_after: u64) -> Self {
        ApiErr {
            retry_after: Some(retry_after),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                "Too many requests. Wait and try again.",
            )
        }
    }
}

impl IntoResponse for ApiErr {
    fn into_response(self) -> Response {
        let mut res = (self.status, axum::Json(self.body)).into_response();
        if let Some(s) = self.retry_after {
            if let Ok(v) = HeaderValue::from_str(&s.to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        res
    }
}

/// Unknown `/api/...` path.
pub async fn api_not_found() -> ApiErr {
    ApiErr::not_found()
}

/// Known path, wrong method.
pub async fn method_not_allowed() -> ApiErr {
    ApiErr::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "This method is not allowed here.",
    )
}

/// JSON body extractor whose rejections are API errors.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiErr;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(ApiJson(v)),
            Err(rej) => Err(json_rejection(rej)),
        }
    }
}

pub fn json_rejection(rej: JsonRejection) -> ApiErr {
    match rej {
        JsonRejection::MissingJsonContentType(_) => ApiErr::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the body as application/json.",
        ),
        JsonRejection::JsonSyntaxError(e) => ApiErr::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            format!("The body is not valid JSON: {}", e.body_text()),
        ),
        JsonRejection::JsonDataError(e) => ApiErr::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
            format!("The body does not match the schema: {}", e.body_text()),
        ),
        JsonRejection::BytesRejection(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            too_large()
        }
        JsonRejection::BytesRejection(e) if is_body_timeout(&e) => ApiErr::body_timeout(),
        other => ApiErr::new(other.status(), "bad_request", other.body_text()),
    }
}

/// True when the body failed because of `server::BodyTimedOut`, however
/// deeply axum wrapped it.
fn is_body_timeout(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(e);
    for _ in 0..16 {
        let Some(c) = cause else { return false };
        if c.is::<crate::server::BodyTimedOut>() {
            return true;
        }
        cause = c.source();
    }
    false
}

/// The answer to a request whose handler panicked (`CatchPanicLayer` in
/// `app`): the same 503 `unavailable` a database failure gets, so the
/// phone's outbox keeps the answers and sends again, and the server goes on.
/// The panic's message is not logged (it could quote request data).
pub fn answer_panic(_panic: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    tracing::error!("a request's handler panicked; answered 503");
    ApiErr::internal().into_response()
}

pub fn too_large() -> ApiErr {
    ApiErr::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        "The body is too large.",
    )
}
