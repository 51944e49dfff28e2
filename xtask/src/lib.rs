//! The developer commands behind `cargo xtask` and the build steps Trunk's
//! hooks call. `main.rs` only dispatches.

pub mod bench;
pub mod cmd;
pub mod content;
pub mod icons;
pub mod postbuild;
pub mod prerender;
pub mod split;
pub mod tasks;
pub mod tools;
