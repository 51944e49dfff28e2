//! `portal-staff`: makes and revokes the named staff accounts, and reads
//! the audit log, on the server machine (neither is offered over the
//! network). The token is printed once; only its hash is stored.
//!
//! Exit status: 0 done, 1 refused (bad name, name taken, no such account),
//! 2 usage or database error.

use backend::staff::{create_account, list_accounts, read_audit, revoke_account, AccountError};
use contract::staff::Role;
use std::process::ExitCode;

const USAGE: &str = "\
Usage: portal-staff [--data-dir DIR] create NAME --role desk|officer|admin
       portal-staff [--data-dir DIR] revoke NAME
       portal-staff [--data-dir DIR] list
       portal-staff [--data-dir DIR] audit [--since YYYY-MM-DD] [--reference REF]

  create  makes an account and prints its token once: give it to that
          person only; it cannot be shown again (a lost token: revoke the
          account and make one with a new name, e.g. `Desk 2b`; a name is
          never reused, so the audit log always means one person)
  revoke  the token stops working at once, also in an open session
  list    every account, its role, and when it was made or revoked
  audit   who read, changed or exported what, and when (no personal data:
          a name search is written as such, never the name), oldest first

Roles: desk (look up, scan, mark arrived), officer (also change cases,
batches, name search, notice board, CSV export), admin (also advisories).

  --data-dir  PORTAL_DATA_DIR  the backend's data directory (default ./data)";

fn usage(message: &str) -> ExitCode {
    eprintln!("portal-staff: {message}\n\n{USAGE}");
    ExitCode::from(2)
}

fn now() -> String {
    let unix = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    contract::time::format_rfc3339(unix)
}

fn refused(e: AccountError) -> ExitCode {
    eprintln!("portal-staff: {e}");
    match e {
        AccountError::Db(_) | AccountError::NoRandomness => ExitCode::from(2),
        _ => ExitCode::from(1),
    }
}

fn main() -> ExitCode {
    let mut data_dir = std::env::var("PORTAL_DATA_DIR")
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "data".into());
    let mut words = Vec::new();
    let mut role = None;
    let mut since = String::new();
    let mut reference = None;
    let mut it = std::env::args().skip(1);
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
            "--role" => match it.next().as_deref().and_then(Role::from_code) {
                Some(r) => role = Some(r),
                None => return usage("--role is desk, officer or admin"),
            },
            "--since" => match it.next() {
                Some(d) => since = d,
                None => return usage("--since needs a day (YYYY-MM-DD)"),
            },
            "--reference" => match it
                .next()
                .as_deref()
                .and_then(contract::reference::normalise)
            {
                Some(r) => reference = Some(r),
                None => return usage("--reference needs a reference (like 7KQ4-M2XHF)"),
            },
            flag if flag.starts_with("--") => return usage(&format!("unknown flag {flag}")),
            _ => words.push(arg),
        }
    }
    // The backend's own opening: migrations applied, same pragmas.
    let db = match backend::db::Db::open(std::path::Path::new(&data_dir)) {
        Ok(db) => db,
        Err(e) => {
            eprintln!("portal-staff: {e}");
            return ExitCode::from(2);
        }
    };
    let result = db.with_connection(|conn| match words.as_slice() {
        [cmd, name] if cmd == "create" => {
            let Some(role) = role else {
                return Err(usage("create needs --role"));
            };
            create_account(conn, name, role, &now())
                .map(|token| {
                    println!("{token}");
                    eprintln!("portal-staff: account `{name}` ({}) made; the token above is shown only once", role.code());
                })
                .map_err(refused)
        }
        [cmd, name] if cmd == "revoke" => revoke_account(conn, name, &now())
            .map(|()| eprintln!("portal-staff: `{name}` revoked"))
            .map_err(refused),
        [cmd] if cmd == "list" => match list_accounts(conn) {
            Ok(rows) => {
                for a in rows {
                    match a.revoked_at {
                        Some(r) => println!("{}\t{}\tmade {}\trevoked {r}", a.name, a.role, a.created_at),
                        None => println!("{}\t{}\tmade {}", a.name, a.role, a.created_at),
                    }
                }
                Ok(())
            }
            Err(e) => Err(refused(AccountError::Db(e.to_string()))),
        },
        [cmd] if cmd == "audit" => match read_audit(conn, &since, reference.as_deref()) {
            Ok(rows) => {
                for a in rows {
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        a.at,
                        a.actor,
                        a.action,
                        a.reference.unwrap_or_default(),
                        a.detail
                    );
                }
                Ok(())
            }
            Err(e) => Err(refused(AccountError::Db(e.to_string()))),
        },
        _ => Err(usage("say create, revoke, list or audit")),
    });
    match result {
        Some(Ok(())) => ExitCode::SUCCESS,
        Some(Err(code)) => code,
        None => {
            eprintln!("portal-staff: the database is not available");
            ExitCode::from(2)
        }
    }
}
