//! `portal-staff`: makes and revokes the named staff accounts, reads the
//! audit log, deletes one registration and makes an online backup, on the
//! server machine (accounts and backups are not offered over the network).
//! The token is printed once; only its hash is stored.
//!
//! Exit status: 0 done, 1 refused (bad name, name taken, no such account or
//! registration, backup file exists), 2 usage or database error.

use backend::staff::{create_account, list_accounts, read_audit, revoke_account, AccountError};
use contract::staff::Role;
use std::process::ExitCode;

const USAGE: &str = "\
Usage: portal-staff [--data-dir DIR] create NAME --role desk|officer|admin
       portal-staff [--data-dir DIR] revoke NAME
       portal-staff [--data-dir DIR] list
       portal-staff [--data-dir DIR] audit [--since YYYY-MM-DD] [--reference REF]
       portal-staff [--data-dir DIR] delete REFERENCE
       portal-staff [--data-dir DIR] backup --out FILE

  create  makes an account and prints its token once: give it to that
          person only; it cannot be shown again (a lost token: revoke the
          account and make one with a new name, e.g. `Desk 2b`; a name is
          never reused, so the audit log always means one person)
  revoke  the token stops working at once, also in an open session
  list    every account, its role, and when it was made or revoked
  audit   who read, changed or exported what, and when (no personal data:
          a name search is written as such, never the name), oldest first
  delete  deletes one registration and its case history now (it leaves a
          tombstone without personal data, so the phone's late retry is
          answered `deleted`, not stored again); audited
  backup  a consistent copy of the database while the backend runs, made
          0600; never overwrites FILE. Deleted registrations are not in it.
          Restore: stop the backend, copy FILE to DIR/portal.sqlite3 with
          mode 0600, remove DIR/portal.sqlite3-wal and -shm, start it

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
    let mut out = None;
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
            "--out" => match it.next() {
                Some(f) => out = Some(std::path::PathBuf::from(f)),
                None => return usage("--out needs a file name"),
            },
            flag if flag.starts_with("--") => return usage(&format!("unknown flag {flag}")),
            _ => words.push(arg),
        }
    }
    // The backup and everything else this makes is for this user only.
    backend::db::restrict_umask();
    // Checked before the database is opened, as with --reference.
    let to_delete = match words.as_slice() {
        [cmd, typed] if cmd == "delete" => match contract::reference::normalise(typed) {
            Some(r) => Some(r),
            None => {
                eprintln!("portal-staff: `{typed}` is not a valid reference");
                return ExitCode::from(1);
            }
        },
        _ => None,
    };
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
        [cmd, _] if cmd == "delete" => {
            let Some(reference) = to_delete.as_deref() else {
                return Err(usage("delete needs a reference"));
            };
            match backend::retention::delete_by_reference(conn, reference, "portal-staff", &now()) {
                Ok(true) => {
                    eprintln!("portal-staff: registration {reference} deleted");
                    Ok(())
                }
                Ok(false) => {
                    eprintln!("portal-staff: no registration has the reference {reference}");
                    Err(ExitCode::from(1))
                }
                Err(e) => Err(refused(AccountError::Db(e.to_string()))),
            }
        }
        [cmd] if cmd == "backup" => {
            let Some(out) = out.as_deref() else {
                return Err(usage("backup needs --out FILE"));
            };
            match backend::db::backup(conn, out) {
                Ok(()) => {
                    eprintln!(
                        "portal-staff: backup written to {} (mode 0600)",
                        backend::db::absolute(out).display()
                    );
                    Ok(())
                }
                Err(backend::db::BackupError::Exists) => {
                    eprintln!(
                        "portal-staff: {} exists already; a backup never overwrites a file",
                        out.display()
                    );
                    Err(ExitCode::from(1))
                }
                Err(backend::db::BackupError::Failed(e)) => {
                    eprintln!("portal-staff: backup failed: {e}");
                    Err(ExitCode::from(2))
                }
            }
        }
        _ => Err(usage("say create, revoke, list, audit, delete or backup")),
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
