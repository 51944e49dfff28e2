//! The server's edge: accepting connections and serving HTTP/1.1 on them
//! with hyper, with every time and count bounded (`config::Edge`), so that
//! slow or many clients cannot take the emergency-contact pages down.
//!
//! - **Headers**: hyper's `header_read_timeout` (with a timer, which
//!   `axum::serve` does not install), from the first byte of a request (or
//!   the end of the previous answer) to the end of its headers. Headers are
//!   at most `MAX_HEAD` bytes (431 over it).
//! - **Body**: `body_deadline` gives a request's whole body one deadline
//!   (tower-http's `RequestBodyTimeoutLayer` resets at every chunk, so a
//!   byte a second would never end); the JSON extractor then answers 408.
//! - **Idle**: a connection with no request in hand and no byte moving
//!   either way (kept alive between requests, or a client that stopped
//!   reading an answer) is closed after `idle_timeout`.
//! - **Connections**: at most `max_connections` open; one more gets a short
//!   503 written without waiting and is closed.
//! - **API requests**: at most `max_api_requests` at once (`admit`; and
//!   any POST, such as the no-script case lookup); more get 503 JSON with
//!   `Retry-After` at once. Pages, `/status` and static files are not
//!   counted, so they answer while the API is flooded. An answer that must
//!   wait before it is sent (`AnswerNotBefore`: the case lookup's one
//!   answer time) waits in `hold_answers`, after its slot is given back.
//! - **Shutdown**: on the signal, stop accepting, let open requests finish
//!   (idle connections close at once), and return after `drain_timeout` at
//!   the latest.

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::future::Future;
use std::net::SocketAddr;
use std::pin::{pin, Pin};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tower::ServiceExt;

use crate::api_error::ApiErr;
use crate::config::Edge;
use crate::AppState;

/// Largest request head (request line and headers): 431 over it.
pub const MAX_HEAD: usize = 32 * 1024;

/// What a connection over the cap gets before it is closed.
const REFUSED: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\n\
Content-Type: application/json\r\nCache-Control: no-store\r\nRetry-After: 5\r\n\
Connection: close\r\nContent-Length: 92\r\n\r\n\
{\"error\":{\"code\":\"unavailable\",\"message\":\"The server is busy. Try again in a few seconds.\"}}";

/// Serves `router` on `listener` until `shutdown` completes, then drains.
pub async fn run(
    listener: TcpListener,
    router: Router,
    edge: &Edge,
    shutdown: impl Future<Output = ()>,
) {
    let slots = edge.max_connections.min(Semaphore::MAX_PERMITS);
    let connections = Arc::new(Semaphore::new(slots));
    let (closing_tx, closing_rx) = watch::channel(false);
    let times = Times {
        header: edge.header_timeout,
        idle: edge.idle_timeout,
    };
    let mut shutdown = pin!(shutdown);
    let mut refused: u64 = 0;
    let mut refused_logged: Option<Instant> = None;
    let mut accept_failed_logged: Option<Instant> = None;
    loop {
        let (stream, peer) = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little
                    // rather than spin, and keep serving the open ones.
                    if accept_failed_logged.is_none_or(|t| t.elapsed() >= Duration::from_secs(10)) {
                        tracing::warn!(error = %e, "cannot accept a connection (raise LimitNOFILE, or lower PORTAL_MAX_CONNECTIONS)");
                        accept_failed_logged = Some(Instant::now());
                    }
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let Ok(permit) = connections.clone().try_acquire_owned() else {
            // Over the cap: say so without waiting, and close. What the
            // client already sent is read first, so that the close is not
            // a reset that could destroy the answer.
            let mut sink = [0u8; 2048];
            let _ = stream.try_read(&mut sink);
            let _ = stream.try_write(REFUSED);
            drop(stream);
            refused += 1;
            if refused_logged.is_none_or(|t| t.elapsed() >= Duration::from_secs(10)) {
                tracing::warn!(
                    refused,
                    "connections over the cap refused (PORTAL_MAX_CONNECTIONS)"
                );
                refused = 0;
                refused_logged = Some(Instant::now());
            }
            continue;
        };
        let _ = stream.set_nodelay(true);
        tokio::spawn(serve_connection(
            stream,
            peer,
            router.clone(),
            times,
            closing_rx.clone(),
            permit,
        ));
    }
    drop(listener);
    let _ = closing_tx.send(true);
    let open = slots - connections.available_permits();
    tracing::info!(open, "stopping: draining open connections");
    let all = u32::try_from(slots).unwrap_or(u32::MAX);
    let drained = tokio::time::timeout(edge.drain_timeout, connections.acquire_many(all))
        .await
        .is_ok();
    if drained {
        tracing::info!("drained");
    } else {
        let left = slots - connections.available_permits();
        tracing::warn!(left, "drain deadline passed: closing the connections left");
    }
}

#[derive(Clone, Copy)]
struct Times {
    header: Duration,
    idle: Duration,
}

async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    router: Router,
    times: Times,
    mut closing: watch::Receiver<bool>,
    _permit: OwnedSemaphorePermit,
) {
    let activity = Arc::new(Activity::new());
    let io = TokioIo::new(Watched {
        inner: stream,
        activity: activity.clone(),
    });
    let in_hand = activity.clone();
    let service = hyper::service::service_fn(move |req: hyper::Request<hyper::body::Incoming>| {
        let busy = in_hand.begin();
        let mut req = req.map(Body::new);
        // Handlers read the peer with `ConnectInfo<SocketAddr>`, as under `axum::serve`.
        req.extensions_mut().insert(ConnectInfo(peer));
        let router = router.clone();
        async move {
            let res = router.oneshot(req).await;
            drop(busy);
            res
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(times.header)
        .max_header_size(MAX_HEAD);
    let mut conn = pin!(builder.serve_connection(io, service));
    let every = (times.idle / 4).clamp(Duration::from_millis(50), Duration::from_secs(1));
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut draining = *closing.borrow();
    if draining {
        conn.as_mut().graceful_shutdown();
    }
    loop {
        tokio::select! {
            _ = conn.as_mut() => break,
            _ = closing.changed(), if !draining => {
                draining = true;
                conn.as_mut().graceful_shutdown();
            }
            _ = tick.tick() => {
                if activity.idle_for(times.idle) {
                    break;
                }
            }
        }
    }
}

/// When a connection last moved a byte, and how many of its requests are
/// being answered.
struct Activity {
    start: Instant,
    last_ms: AtomicU64,
    in_hand: AtomicUsize,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            start: Instant::now(),
            last_ms: AtomicU64::new(0),
            in_hand: AtomicUsize::new(0),
        }
    }

    fn touch(&self) {
        let ms = u64::try_from(self.start.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_ms.store(ms, Ordering::Relaxed);
    }

    fn begin(self: &Arc<Self>) -> InHand {
        self.in_hand.fetch_add(1, Ordering::Relaxed);
        InHand(self.clone())
    }

    /// No request in hand and nothing moved for `limit`.
    fn idle_for(&self, limit: Duration) -> bool {
        if self.in_hand.load(Ordering::Relaxed) > 0 {
            return false;
        }
        let last = Duration::from_millis(self.last_ms.load(Ordering::Relaxed));
        self.start.elapsed().saturating_sub(last) >= limit
    }
}

/// A request being answered; the end of the answer's handler drops it.
struct InHand(Arc<Activity>);

impl Drop for InHand {
    fn drop(&mut self) {
        self.0.touch();
        self.0.in_hand.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The socket, noting every byte that moves.
struct Watched {
    inner: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let res = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(res, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.activity.touch();
        }
        res
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let res = Pin::new(&mut self.inner).poll_write(cx, buf);
        if matches!(res, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        res
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let res = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if matches!(res, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        res
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// At most `max_api_requests` requests that do work at once: every
/// `/api/` request but liveness (`/api/v1/health…`) and reading the public
/// advisory (`GET /api/v1/advisories`, served from memory like `/status`),
/// and every request that is not a GET or HEAD (the no-script case lookup
/// posts to `/case/...`).
/// One more gets 503 JSON with `Retry-After` at once, never a queue. Pages,
/// `/status` and files are not counted: they stay up while the API is flooded.
pub async fn admit(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let reads_a_page = matches!(*req.method(), Method::GET | Method::HEAD);
    let counted = if path.starts_with("/api/") {
        // Liveness, and the public advisory (from memory, like `/status`).
        let free =
            path.starts_with("/api/v1/health") || (reads_a_page && path == "/api/v1/advisories");
        !free
    } else {
        !reads_a_page
    };
    if !counted {
        return next.run(req).await;
    }
    let Ok(_slot) = state.api_slots.clone().try_acquire_owned() else {
        if path.starts_with("/api/") {
            return ApiErr::busy().into_response();
        }
        // A form post from a page without JavaScript: words, not JSON.
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [
                (header::RETRY_AFTER, "2"),
                (header::CACHE_CONTROL, "no-store"),
            ],
            "The server is busy. Go back and try again in a few seconds.",
        )
            .into_response();
    };
    next.run(req).await
}

/// On a response: send it no sooner than this. The case lookups set it so
/// every answer takes the same time (`cases::MIN_ANSWER`); `hold_answers`
/// waits, outside `admit`, so a waiting answer holds no API slot.
#[derive(Clone, Copy, Debug)]
pub struct AnswerNotBefore(pub tokio::time::Instant);

/// Holds an answer until its `AnswerNotBefore`. Layered outside `admit`:
/// the work is done and its slot given back; only a timer waits.
pub async fn hold_answers(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    if let Some(AnswerNotBefore(at)) = res.extensions().get::<AnswerNotBefore>().copied() {
        tokio::time::sleep_until(at).await;
    }
    res
}

/// The `Keep-Alive: timeout=N` hint for a server that closes idle
/// connections after `idle`: a second less, so that a client that reads it
/// (Node's agent does; browsers resend on a reused connection anyway) drops
/// the connection first, instead of sending a request on a socket the server
/// is closing and getting a reset. `None` when `idle` is under 2 s.
pub fn keep_alive_hint(idle: Duration) -> Option<HeaderValue> {
    let seconds = idle.as_secs().checked_sub(1).filter(|s| *s >= 1)?;
    HeaderValue::from_str(&format!("timeout={seconds}")).ok()
}

/// Gives the whole body of a request one deadline, `AppState::body_timeout`
/// from the end of its headers.
pub async fn body_deadline(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if http_body::Body::size_hint(req.body()).exact() == Some(0) {
        return next.run(req).await;
    }
    let deadline = Box::pin(tokio::time::sleep(state.body_timeout));
    let req = req.map(|body| Body::new(DeadlineBody { body, deadline }));
    next.run(req).await
}

struct DeadlineBody {
    body: Body,
    deadline: Pin<Box<tokio::time::Sleep>>,
}

/// The error a body gives after its deadline (`api_error::json_rejection`
/// answers it with 408).
#[derive(Debug)]
pub struct BodyTimedOut;

impl std::fmt::Display for BodyTimedOut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request body did not arrive in time")
    }
}

impl std::error::Error for BodyTimedOut {}

impl http_body::Body for DeadlineBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        if let Poll::Ready(frame) = Pin::new(&mut this.body).poll_frame(cx) {
            return Poll::Ready(frame);
        }
        if this.deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(axum::Error::new(BodyTimedOut))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refusal_is_a_whole_json_answer() {
        let text = std::str::from_utf8(REFUSED).expect("ascii");
        let (head, body) = text.split_once("\r\n\r\n").expect("head and body");
        assert!(head.starts_with("HTTP/1.1 503 "), "{head}");
        let length = format!("Content-Length: {}", body.len());
        assert!(head.split("\r\n").any(|l| l == length), "{head}");
        let json: serde_json::Value = serde_json::from_str(body).expect("json");
        assert_eq!(json["error"]["code"], "unavailable");
    }

    #[test]
    fn idle_only_without_a_request_in_hand() {
        let a = Arc::new(Activity::new());
        assert!(a.idle_for(Duration::ZERO));
        let busy = a.begin();
        assert!(!a.idle_for(Duration::ZERO));
        drop(busy);
        assert!(!a.idle_for(Duration::from_secs(60)));
        assert!(a.idle_for(Duration::ZERO));
    }
}
