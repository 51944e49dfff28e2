//! The app in pieces: the first post-build step cuts the wasm Trunk built at
//! its `wasm_split` points (`src/pieces.rs`) and puts the pieces in Trunk's
//! staging directory under the app's version.
//!
//! What cargo-leptos `--split` does, inside Trunk's post-build hook:
//! 1. the wasm is linked with `--emit-relocs` (`build.rs`);
//! 2. `wasm_split_cli_support::transform` cuts that raw cargo wasm into the
//!    main module, one module per split point and shared chunks, plus the
//!    link module (JS) that fetches them;
//! 3. `wasm-bindgen --keep-lld-exports` makes the main module's JS and wasm,
//!    replacing Trunk's (which cannot split: trunk-rs/trunk#1022);
//! 4. `wasm-opt` shrinks every module (Trunk's own run is off,
//!    `data-wasm-opt="0"` in index.html: on a wasm with relocations it is
//!    harmful, and its output would be replaced anyway).
//!
//! Every file is named after one stem, `portal-HASH`, where HASH is a hash
//! of all the split's output (`name_by_content`), so one version's pieces
//! never meet another's, even when only the post-build tools changed:
//! `portal-HASH.js`, `portal-HASH_bg.wasm`, `portal-HASH_split.js`,
//! `portal-HASH-split_staff.wasm`, `portal-HASH-chunk_3.wasm`.

use crate::cmd::{info, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The wasm-opt flags for every module, main and pieces (measured in
/// docs/code-splitting-research.md §2).
pub const WASM_OPT_FLAGS: [&str; 4] = [
    "-Oz",
    "--low-memory-unused",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
];

/// Shared chunks with less code than this (function bodies before
/// wasm-opt, about 2.5 times their optimised size) go into the main module
/// (the patch in vendor/wasm_split_cli_support): without it the splitter
/// makes a file for every set of pages that shares any function, 76 files
/// of 180 B to 26 KB here, and the first question needed 48 requests.
/// 5,000 with the form's end a piece of its own: 10,000 put 8 KB more into
/// the main module, and every page but the form's got bigger
/// (docs/code-splitting-research.md §8).
pub const MIN_CHUNK_BYTES: usize = 5_000;

/// What the split made: the files every start of the app needs, and the
/// files of each split point (its own module and the shared chunks it needs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pieces {
    /// `/portal-HASH.js`, `/portal-HASH_bg.wasm`, `/portal-HASH_split.js`.
    pub app: Vec<String>,
    /// Split point name (`staff`) -> its files, as site paths.
    pub by_split: BTreeMap<String, Vec<String>>,
}

/// The Trunk stem of the staged app (`portal-HASH`), from its JS.
pub fn staged_stem(dir: &Path) -> Result<String> {
    let mut stems = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))? {
        let name = entry.map_err(|e| e.to_string())?.file_name();
        let name = name.to_string_lossy();
        if let Some(stem) = name.strip_suffix(".js") {
            if stem.starts_with("portal-") && !stem.ends_with("_split") {
                stems.push(stem.to_string());
            }
        }
    }
    match stems.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(format!(
            "split: expected one portal-HASH.js in {}, found {stems:?}",
            dir.display()
        )),
    }
}

/// The file names of one version (all from the stem, one place).
pub fn app_files(stem: &str) -> [String; 3] {
    [
        format!("/{stem}.js"),
        format!("/{stem}_bg.wasm"),
        format!("/{stem}_split.js"),
    ]
}

/// What the split macros import before the splitter names the link module.
const PLACEHOLDER: &str = "__wasm_split_placeholder__";

fn piece_file(stem: &str, module: &str) -> String {
    format!("{stem}-{module}.wasm")
}

/// The raw wasm cargo linked for Trunk (before wasm-bindgen), in the
/// profile Trunk built (`TRUNK_PROFILE`: `release` for `--release`).
fn raw_wasm() -> PathBuf {
    let profile = std::env::var("TRUNK_PROFILE").unwrap_or_else(|_| "release".into());
    let profile = if profile == "dev" {
        "debug".into()
    } else {
        profile
    };
    crate::cmd::target_dir()
        .join("wasm32-unknown-unknown")
        .join(profile)
        .join("portal.wasm")
}

/// Cuts the staged app into pieces; returns what it made.
pub fn split(dir: &Path) -> Result<Pieces> {
    let stem = staged_stem(dir)?;
    let raw_path = raw_wasm();
    let raw =
        std::fs::read(&raw_path).map_err(|e| format!("split: {}: {e}", raw_path.display()))?;
    // Trunk named the app after this file's SeaHash: a mismatch means the
    // file is not the one Trunk just built (another build ran in between).
    let hash = format!("{:x}", seahash::hash(&raw));
    if stem != format!("portal-{hash}") {
        return Err(format!(
            "split: {} (hash {hash}) is not the wasm Trunk staged as {stem}; build again",
            raw_path.display()
        ));
    }
    let work = crate::cmd::target_dir().join("portal-split");
    let _ = std::fs::remove_dir_all(&work);
    std::fs::create_dir_all(&work).map_err(|e| format!("{}: {e}", work.display()))?;
    let main_out = work.join(format!("{stem}.wasm"));
    let main_module = format!("./{stem}.js");
    let link_name = format!("./{stem}_split.js");
    let split = {
        let mut opts = wasm_split_cli_support::Options::new(&raw);
        opts.output_dir = &work;
        opts.main_out_path = &main_out;
        opts.main_module = &main_module;
        opts.link_name = &link_name;
        opts.target.web();
        opts.min_chunk_bytes = MIN_CHUNK_BYTES;
        wasm_split_cli_support::transform(opts).map_err(|e| format!("split: {e:#}"))?
    };
    // The main module's JS and wasm, over Trunk's (the JS now, the wasm
    // once optimised).
    let bindgen = work.join("bindgen");
    crate::cmd::run(
        Command::new("wasm-bindgen")
            .args([
                "--target",
                "web",
                "--keep-lld-exports",
                "--no-demangle",
                "--no-typescript",
                "--out-name",
                &stem,
                "--out-dir",
            ])
            .arg(&bindgen)
            .arg(&main_out),
    )?;
    if bindgen.join("snippets").exists() {
        return Err("split: the app has JS snippets, which the split does not copy yet".into());
    }
    let glue = read_text(&bindgen.join(format!("{stem}.js")))?;
    if glue.contains(PLACEHOLDER) || !glue.contains(&link_name) {
        return Err(format!(
            "split: {stem}.js does not import its link module {link_name}"
        ));
    }
    // The pieces, renamed after the stem, and the link module that names them.
    let mut link = read_text(&work.join(format!("{stem}_split.js")))?;
    std::fs::write(dir.join(format!("{stem}.js")), &glue)
        .map_err(|e| format!("split: {stem}.js: {e}"))?;
    let mut to_optimise = vec![(
        bindgen.join(format!("{stem}_bg.wasm")),
        dir.join(format!("{stem}_bg.wasm")),
    )];
    for module in &split.split_modules {
        let name = module
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .ok_or("split: a piece without a name")?;
        let old = format!("\"./{name}.wasm\"");
        match link.matches(&old).count() {
            1 => {}
            // An empty module: the link module never fetches it.
            0 if !split.prefetch_map.values().flatten().any(|m| *m == name) => continue,
            n => {
                return Err(format!(
                    "split: the link module names {name}.wasm {n} times"
                ))
            }
        }
        let new_name = piece_file(&stem, &name);
        link = link.replace(&old, &format!("\"./{new_name}\""));
        to_optimise.push((module.clone(), dir.join(&new_name)));
    }
    std::fs::write(dir.join(format!("{stem}_split.js")), &link)
        .map_err(|e| format!("split: link module: {e}"))?;
    wasm_opt_all(&to_optimise)?;
    for (_, wasm) in &to_optimise {
        let bytes = std::fs::read(wasm).map_err(|e| format!("split: {}: {e}", wasm.display()))?;
        if bytes
            .windows(PLACEHOLDER.len())
            .any(|w| w == PLACEHOLDER.as_bytes())
        {
            return Err(format!(
                "split: {} still imports {PLACEHOLDER}",
                wasm.display()
            ));
        }
    }
    let stem = name_by_content(dir, &bindgen, &stem, &to_optimise)?;
    let mut by_split = BTreeMap::new();
    for (name, modules) in &split.prefetch_map {
        let files: Vec<String> = modules
            .iter()
            .map(|m| format!("/{}", piece_file(&stem, m)))
            .collect();
        by_split.insert(name.clone(), files);
    }
    let pieces = Pieces {
        app: app_files(&stem).to_vec(),
        by_split,
    };
    for f in pieces.app.iter().chain(pieces.by_split.values().flatten()) {
        if !dir.join(f.trim_start_matches('/')).is_file() {
            return Err(format!("split: {f} was not written"));
        }
    }
    // `work` stays until the next build: the bench reads what the wasm is
    // made of from its modules before wasm-opt.
    info(&format!(
        "split: {} pieces ({}), {} modules",
        pieces.by_split.len(),
        pieces
            .by_split
            .keys()
            .cloned()
            .collect::<Vec<_>>()
            .join(", "),
        to_optimise.len()
    ));
    Ok(pieces)
}

/// Renames the app's files after their own bytes (`content_stem`), and
/// writes the new names everywhere the old ones are: the main JS, the link
/// module, the main wasm's import names and Trunk's page. Trunk named them
/// after the raw cargo wasm, which a change of the post-build tools alone
/// (the splitter, its floor, wasm-bindgen, wasm-opt or its flags) leaves as
/// it is: the same names would then hold other bytes, and a phone that has
/// the old files in its HTTP cache (`immutable`, a year) would mix them with
/// the new ones. Returns the new stem.
fn name_by_content(
    dir: &Path,
    bindgen: &Path,
    trunk_stem: &str,
    wasm: &[(PathBuf, PathBuf)],
) -> Result<String> {
    let mut paths = vec![
        dir.join(format!("{trunk_stem}.js")),
        dir.join(format!("{trunk_stem}_split.js")),
    ];
    paths.extend(wasm.iter().map(|(_, out)| out.clone()));
    let mut files = Vec::new();
    for path in &paths {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .ok_or(format!("split: {} has no file name", path.display()))?;
        let bytes = std::fs::read(path).map_err(|e| format!("split: {}: {e}", path.display()))?;
        files.push((name, bytes));
    }
    let stem = content_stem(
        trunk_stem,
        files.iter().map(|(n, b)| (n.as_str(), b.as_slice())),
    );
    if stem == trunk_stem {
        return Ok(stem);
    }
    for (name, bytes) in &files {
        let new_name = name.replacen(trunk_stem, &stem, 1);
        let new_bytes = replace_same_length(bytes, trunk_stem.as_bytes(), stem.as_bytes());
        std::fs::write(dir.join(&new_name), new_bytes)
            .map_err(|e| format!("split: {new_name}: {e}"))?;
        std::fs::remove_file(dir.join(name)).map_err(|e| format!("split: {name}: {e}"))?;
    }
    // Trunk's start script names the app's JS and wasm (`boot_on_demand`
    // reads them there).
    let page = dir.join("index.html");
    let html = read_text(&page)?;
    std::fs::write(&page, html.replace(trunk_stem, &stem))
        .map_err(|e| format!("split: index.html: {e}"))?;
    // The bench reads the main module before wasm-opt under dist's name.
    for tail in ["_bg.wasm", ".js"] {
        let old = bindgen.join(format!("{trunk_stem}{tail}"));
        if old.exists() {
            std::fs::rename(&old, bindgen.join(format!("{stem}{tail}")))
                .map_err(|e| format!("split: {}: {e}", old.display()))?;
        }
    }
    Ok(stem)
}

/// `portal-` and a hash of the files' names and bytes, exactly as long as
/// Trunk's stem: the stem is inside the files (the main wasm's import
/// names), and a same-length name keeps a wasm valid when replaced in place.
pub fn content_stem<'a>(
    trunk_stem: &str,
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
) -> String {
    use std::hash::Hasher;
    let width = trunk_stem
        .len()
        .saturating_sub("portal-".len())
        .clamp(1, 16);
    let mut hasher = seahash::SeaHasher::new();
    for (name, bytes) in files {
        hasher.write(name.as_bytes());
        hasher.write_u64(bytes.len() as u64);
        hasher.write(bytes);
    }
    let hex = format!("{:016x}", hasher.finish());
    format!("portal-{}", &hex[..width])
}

/// `data` with every `from` replaced by `to`, which is as long.
fn replace_same_length(data: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    debug_assert_eq!(from.len(), to.len());
    let mut out = data.to_vec();
    let mut i = 0;
    while i + from.len() <= out.len() {
        if out[i..].starts_with(from) {
            out[i..i + from.len()].copy_from_slice(to);
            i += from.len();
        } else {
            i += 1;
        }
    }
    out
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| format!("split: {}: {e}", path.display()))
}

/// Runs wasm-opt on every (input, output) pair, two at a time (the build
/// machines have two cores).
fn wasm_opt_all(jobs: &[(PathBuf, PathBuf)]) -> Result {
    for pair in jobs.chunks(2) {
        let mut running = Vec::new();
        for (input, output) in pair {
            let mut cmd = Command::new("wasm-opt");
            cmd.args(WASM_OPT_FLAGS).arg(input).arg("-o").arg(output);
            // Its output is shown only when it fails: it warns about every
            // piece's name section, which is harmless.
            let child = cmd
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .map_err(|e| format!("cannot start wasm-opt: {e}"))?;
            running.push((input, child));
        }
        // Every process of the pair is waited for, even after a failure.
        let mut failure = None;
        for (input, child) in running {
            match child.wait_with_output() {
                Ok(out) if out.status.success() => {}
                Ok(out) => {
                    failure.get_or_insert(format!(
                        "wasm-opt failed on {} ({}):\n{}{}",
                        input.display(),
                        out.status,
                        String::from_utf8_lossy(&out.stdout),
                        String::from_utf8_lossy(&out.stderr)
                    ));
                }
                Err(e) => {
                    failure.get_or_insert(format!("wasm-opt: {e}"));
                }
            }
        }
        if let Some(e) = failure {
            return Err(e);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_a_version_carries_its_stem() {
        for f in app_files("portal-abc") {
            assert!(f.starts_with("/portal-abc"), "{f}");
        }
        assert_eq!(
            piece_file("portal-abc", "split_staff"),
            "portal-abc-split_staff.wasm"
        );
    }

    #[test]
    fn the_stem_follows_the_bytes_and_keeps_trunks_length() {
        let trunk = "portal-0123456789abcdef";
        let a = content_stem(trunk, [("x.wasm", &b"one"[..]), ("x.js", &b"two"[..])]);
        assert_eq!(a.len(), trunk.len());
        assert!(a.starts_with("portal-"));
        // Same files, same name: a rebuild changes nothing for phones.
        assert_eq!(
            a,
            content_stem(trunk, [("x.wasm", &b"one"[..]), ("x.js", &b"two"[..])])
        );
        // Other bytes under the same names (a new splitter, other wasm-opt
        // flags): another name.
        assert_ne!(
            a,
            content_stem(trunk, [("x.wasm", &b"one"[..]), ("x.js", &b"tw0"[..])])
        );
        // A shorter Trunk stem (its hash had leading zeros) gives a stem as short.
        assert_eq!(content_stem("portal-123", [("x", &b"y"[..])]).len(), 10);
    }

    #[test]
    fn a_name_is_replaced_in_place() {
        let data = b"\x0f./portal-aaaa_bg.js\x03abc./portal-aaaa_bg.jsportal-aaa";
        let out = replace_same_length(data, b"portal-aaaa", b"portal-bbbb");
        assert_eq!(out.len(), data.len());
        assert_eq!(
            out,
            b"\x0f./portal-bbbb_bg.js\x03abc./portal-bbbb_bg.jsportal-aaa".to_vec()
        );
    }

    /// The split CLI's stamp check needs the helpers leptos links to be the
    /// version it was tested with.
    #[test]
    fn the_splitter_and_the_apps_helpers_are_the_pinned_pair() {
        let lock =
            std::fs::read_to_string(crate::cmd::root().join("Cargo.lock")).expect("Cargo.lock");
        for (name, version) in [
            ("wasm_split_cli_support", "0.2.4"),
            ("wasm_split_helpers", "0.2.3"),
        ] {
            assert!(
                lock.contains(&format!("name = \"{name}\"\nversion = \"{version}\"")),
                "Cargo.lock must have {name} {version}"
            );
        }
    }
}
