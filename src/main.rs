//! Entry point of the wasm app: install the panic hook and mount.
fn main() {
    console_error_panic_hook::set_once();
    portal::mount();
}
