//! `portal-backend`: the reference backend. Configuration comes from the
//! environment (`PORTAL_*`) or the equivalent flags; see `Config::from_env_and_args`.

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    backend::db::restrict_umask();
    backend::init_tracing();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match backend::Config::from_env_and_args(&args) {
        Ok(backend::Parsed::Run(c)) => c,
        Ok(backend::Parsed::Help) => {
            println!("{}", backend::USAGE);
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("portal-backend: {e}\n\n{}", backend::USAGE);
            return ExitCode::from(2);
        }
    };
    match backend::serve(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("portal-backend: {e}");
            ExitCode::FAILURE
        }
    }
}
