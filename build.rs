//! The wasm keeps its relocations (`--emit-relocs`): the post-build step
//! splits it at the `#[lazy]` points (`wasm_split_cli_support`), which reads
//! them. Only the wasm binary is linked so; native builds are unchanged.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bin=portal=--emit-relocs");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
