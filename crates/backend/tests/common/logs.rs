//! What the backend logs, captured in memory for a test. A test binary of
//! its own should use it: tracing's per-thread subscriber is unreliable
//! while other tests run in the same process.

use std::sync::{Arc, Mutex};

#[derive(Clone, Default)]
pub struct LogBuf(Arc<Mutex<Vec<u8>>>);

impl LogBuf {
    /// Everything logged so far.
    pub fn text(&self) -> String {
        let bytes = self.0.lock().map(|b| b.clone()).unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl std::io::Write for LogBuf {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("log buffer").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Logs at `level` and above go to the returned buffer while the guard
/// lives, without colours and without timestamps (their digits, e.g.
/// `…631744Z`, could contain a searched secret by chance, and they carry no
/// data).
pub fn capture(level: tracing::Level) -> (LogBuf, tracing::subscriber::DefaultGuard) {
    let logs = LogBuf::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_ansi(false)
        .without_time()
        .with_writer(move || writer.clone())
        .finish();
    let guard = tracing::subscriber::set_default(subscriber);
    // Other tests on other threads may have cached "no interest" for a
    // callsite while no subscriber was set: recompute it.
    tracing::callsite::rebuild_interest_cache();
    (logs, guard)
}
