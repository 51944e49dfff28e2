//! `portal-registration`: prints one pre-registration, found by its
//! reference, from the backend's SQLite file, for staff at the counter.
//! It only reads: the database is opened read-only and never created.
//!
//! Exit status: 0 found, 1 not found or not a valid reference, 2 usage or
//! database error.

use rusqlite::{Connection, OpenFlags};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
Usage: portal-registration [--data-dir DIR] REFERENCE

Prints the pre-registration with this reference (e.g. 7KQ4-M2XHF) as JSON.
Case, spaces and the dash do not matter.

  --data-dir  PORTAL_DATA_DIR  the backend's data directory (default ./data)";

fn main() -> ExitCode {
    // SQLite may leave -wal/-shm files behind a read-only reader: private too.
    backend::db::restrict_umask();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut data_dir = std::env::var("PORTAL_DATA_DIR")
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "data".into());
    let mut reference = None;
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            "--data-dir" => match it.next() {
                Some(d) => data_dir = d,
                None => return usage("--data-dir needs a value"),
            },
            flag if flag.starts_with("--") => return usage(&format!("unknown flag {flag}")),
            _ if reference.is_some() => return usage("give one reference"),
            _ => reference = Some(arg),
        }
    }
    let Some(typed) = reference else {
        return usage("give a reference");
    };
    let Some(reference) = contract::reference::normalise(&typed) else {
        eprintln!(
            "portal-registration: `{typed}` is not a valid reference: check it for typing \
             mistakes (references never contain 0, O, 1, I, L, U or V)"
        );
        return ExitCode::from(1);
    };
    let path = backend::db::database_path(&PathBuf::from(data_dir));
    // Read-only: the staff who use this need no write access to the file.
    let conn = match Connection::open_with_flags(
        &path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .and_then(|c| {
        c.busy_timeout(backend::db::BUSY_TIMEOUT)?;
        c.pragma_update(None, "query_only", true)?;
        Ok(c)
    }) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("portal-registration: cannot open {}: {e}", path.display());
            return ExitCode::from(2);
        }
    };
    match backend::registrations::find_by_reference(&conn, &reference) {
        Ok(Some(record)) => match serde_json::to_string_pretty(&record) {
            Ok(text) => {
                println!("{text}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("portal-registration: {e}");
                ExitCode::from(2)
            }
        },
        Ok(None) => {
            eprintln!("portal-registration: no registration has the reference {reference}");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("portal-registration: cannot read {}: {e}", path.display());
            ExitCode::from(2)
        }
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("portal-registration: {problem}\n\n{USAGE}");
    ExitCode::from(2)
}
