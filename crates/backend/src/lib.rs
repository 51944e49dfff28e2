//! The reference backend: implements the portal's HTTP contract
//! (`crates/contract/openapi.yaml`) with axum and SQLite, and serves the built app.
//!
//! Layout: `config` (env + flags), `db` (SQLite + migrations), `api_error`
//! (the JSON error shape), `staff` (accounts, roles, audit), `web` (static files, CSP,
//! cache rules), and one module per user job: `registrations`, `cases`, `advisories`.

pub mod advisories;
pub mod api_error;
pub mod case_page;
pub mod cases;
pub mod client;
pub mod config;
pub mod db;
pub mod desk;
pub mod health;
pub mod ratelimit;
pub mod registrations;
pub mod retention;
pub mod server;
pub mod staff;
mod status_page;
pub mod web;

use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use contract::Profile;
use std::path::PathBuf;
use std::sync::Arc;

pub use config::{Config, Parsed, USAGE};

/// Largest request body any endpoint accepts.
pub const BODY_LIMIT: usize = 16 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub db: db::Db,
    pub profile: Arc<Profile>,
    pub stages: Arc<contract::case::Stages>,
    pub staff_token: Option<Arc<str>>,
    pub dist: PathBuf,
    // The server's edge (`server`, `web`): the CSP that follows dist/, the
    // profile as served, HSTS, the API's request slots, the body deadline.
    pub csp: Arc<web::Csp>,
    pub profile_json: web::ProfileJson,
    pub hsts: bool,
    pub api_slots: Arc<tokio::sync::Semaphore>,
    pub body_timeout: std::time::Duration,
    /// `Keep-Alive: timeout=N` (`server::keep_alive_hint`), so that clients
    /// drop an idle connection before the server closes it.
    pub keep_alive_hint: Option<axum::http::HeaderValue>,
    pub cors_origins: Arc<[String]>,
    /// New registrations per client address (`registrations::LIMIT`) and
    /// from everyone together (`Config::registrations_per_hour`).
    pub registration_limiter: ratelimit::ClientLimiter,
    /// Case lookups per client address (`cases::LOOKUP_LIMIT`), shared by
    /// the API and the no-script page.
    pub lookup_limiter: ratelimit::ClientLimiter,
    // Who is asking (client.rs, staff.rs).
    /// How the client address is found (`client::ClientIp`).
    pub trusted_proxies: Arc<client::TrustedProxies>,
    /// Failed staff sign-ins, per client and overall.
    pub staff_sign_ins: staff::SignInThrottle,
    pub advisories: advisories::State,
    /// Free disk space and a database write (`health::Readiness`).
    pub readiness: health::Readiness,
}

#[derive(Debug)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StartError {}

impl AppState {
    /// Reads the profile, opens the database and prepares the caches.
    pub fn new(config: &Config) -> Result<AppState, StartError> {
        let text = std::fs::read_to_string(&config.profile).map_err(|e| {
            StartError(format!(
                "cannot read the embassy profile {}: {e} (set PORTAL_PROFILE or --profile)",
                config.profile.display()
            ))
        })?;
        let profile = Profile::from_json(&text)
            .map_err(|e| StartError(format!("{}: {e}", config.profile.display())))?;
        let profile_json = web::ProfileJson::new(&text);
        let text = std::fs::read_to_string(&config.stages).map_err(|e| {
            StartError(format!(
                "cannot read the case stages {}: {e} (set PORTAL_STAGES or --stages)",
                config.stages.display()
            ))
        })?;
        let stages = contract::case::Stages::from_json(&text)
            .map_err(|e| StartError(format!("{}: {e}", config.stages.display())))?;
        let db = db::Db::open(&config.data_dir).map_err(|e| StartError(e.to_string()))?;
        let csp = web::Csp::new(&config.dist, profile.api_origin()).map_err(StartError)?;
        let advisories = advisories::State::load(&db)
            .map_err(|e| StartError(format!("cannot load advisories: {e}")))?;
        tracing::info!(
            from = %config.trusted_proxies.describe(),
            "client addresses for rate limits"
        );
        Ok(AppState {
            db,
            profile: Arc::new(profile),
            stages: Arc::new(stages),
            staff_token: config.staff_token.as_deref().map(Arc::from),
            dist: config.dist.clone(),
            csp: Arc::new(csp),
            profile_json,
            hsts: config.edge.hsts,
            api_slots: Arc::new(tokio::sync::Semaphore::new(
                config
                    .edge
                    .max_api_requests
                    .min(tokio::sync::Semaphore::MAX_PERMITS),
            )),
            body_timeout: config.edge.body_timeout,
            keep_alive_hint: server::keep_alive_hint(config.edge.idle_timeout),
            cors_origins: config.edge.cors_origins.clone().into(),
            registration_limiter: ratelimit::ClientLimiter::new(registrations::LIMIT).with_global(
                ratelimit::RateLimiter::per_hour(config.registrations_per_hour),
                "new registrations (PORTAL_REGISTRATIONS_PER_HOUR)",
            ),
            lookup_limiter: ratelimit::ClientLimiter::new(cases::LOOKUP_LIMIT),
            // Who is asking.
            trusted_proxies: Arc::new(config.trusted_proxies.clone()),
            staff_sign_ins: staff::SignInThrottle::new(),
            advisories,
            readiness: health::Readiness::new(config.data_dir.clone(), config.min_free_disk_bytes),
        })
    }
}

/// The whole application: API under `/api/v1`, everything else from `dist/`.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .merge(health::routes())
        .merge(registrations::routes())
        .merge(cases::routes())
        .merge(desk::routes())
        .merge(staff::routes())
        .merge(advisories::routes())
        .fallback(api_error::api_not_found)
        .method_not_allowed_fallback(api_error::method_not_allowed)
        // Who is asking: the client for the staff throttle, the staff log line.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            staff::request_context,
        ));
    Router::new()
        .nest("/api/v1", api)
        .route("/api", axum::routing::any(api_error::api_not_found))
        .route("/api/{*rest}", axum::routing::any(api_error::api_not_found))
        .route(
            "/profile.json",
            get(web::profile_json).layer(tower_http::compression::CompressionLayer::new()),
        )
        .merge(advisories::pages())
        .merge(case_page::routes())
        .fallback(web::serve_app)
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            api_error::answer_panic,
        ))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            server::body_deadline,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), server::admit))
        .layer(middleware::from_fn(server::hold_answers))
        .layer(middleware::from_fn_with_state(state.clone(), web::cors))
        .layer(middleware::from_fn_with_state(state.clone(), web::headers))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// One log line per request: method, route template (never the raw path,
/// which may carry a reference), status and time. No bodies, no addresses.
async fn log_request(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| {
            if req.uri().path().starts_with("/api/") {
                "/api/(unknown)".into()
            } else {
                "(app)".into()
            }
        });
    let start = std::time::Instant::now();
    let res = next.run(req).await;
    tracing::info!(
        %method,
        route,
        status = res.status().as_u16(),
        ms = start.elapsed().as_millis() as u64,
        "request"
    );
    res
}

pub fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("PORTAL_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Colours only on a terminal: a log file or the journal gets plain text.
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
    // A log line that cannot be written (stderr on a disk gone read-only
    // or full) is dropped: by default tracing reports it with `eprintln!`,
    // which panics on the same broken stderr and kills the request.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(terminal)
        .log_internal_errors(false)
        .try_init();
}

/// Binds, serves until Ctrl-C / SIGTERM, then drains and returns.
pub async fn serve(config: Config) -> Result<(), StartError> {
    let state = AppState::new(&config)?;
    let listener = tokio::net::TcpListener::bind(config.addr)
        .await
        .map_err(|e| StartError(format!("cannot listen on {}: {e}", config.addr)))?;
    let addr = listener
        .local_addr()
        .map_err(|e| StartError(e.to_string()))?;
    tracing::info!(%addr, staff = state.staff_token.is_some(), "portal backend listening");
    tracing::info!(
        header_timeout_s = config.edge.header_timeout.as_secs_f64(),
        body_timeout_s = config.edge.body_timeout.as_secs_f64(),
        idle_timeout_s = config.edge.idle_timeout.as_secs_f64(),
        drain_timeout_s = config.edge.drain_timeout.as_secs_f64(),
        max_connections = config.edge.max_connections,
        max_api_requests = config.edge.max_api_requests,
        hsts = config.edge.hsts,
        cors_origins = config.edge.cors_origins.len(),
        "edge settings"
    );
    // Data at rest: which file holds the registrations, and how long.
    let database = db::absolute(&db::database_path(&config.data_dir));
    let retention_days = state.profile.retention_days();
    tracing::info!(database = %database.display(), retention_days, "database");
    println!("Database: {}", database.display());
    retention::spawn(state.db.clone(), retention_days);
    println!("Portal running at http://{addr}/  (Ctrl-C to stop)");
    server::run(listener, app(state), &config.edge, shutdown_signal()).await;
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
