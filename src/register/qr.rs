//! The reference as a QR code, drawn in the app as SVG (no server, no image
//! request), so staff can scan it at the counter.

use leptos::prelude::*;
use qrcodegen::{QrCode, QrCodeEcc};

/// Modules of quiet zone around the code (the standard asks for 4).
const QUIET: i32 = 4;

/// The SVG path of the dark modules and the side of the square, in modules.
pub fn qr_path(text: &str) -> Option<(i32, String)> {
    let qr = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let n = qr.size();
    let mut d = String::with_capacity((n * n) as usize * 4);
    for y in 0..n {
        for x in 0..n {
            if qr.get_module(x, y) {
                d.push_str(&format!("M{} {}h1v1h-1z", x + QUIET, y + QUIET));
            }
        }
    }
    Some((n + 2 * QUIET, d))
}

/// The QR code of `text`, with `label` for screen readers.
#[component]
pub fn QrCodeSvg(text: String, label: String) -> impl IntoView {
    qr_path(&text).map(|(side, d)| {
        view! {
            <svg
                class="qr"
                role="img"
                aria-label=label
                viewBox=format!("0 0 {side} {side}")
                shape-rendering="crispEdges"
                xmlns="http://www.w3.org/2000/svg"
            >
                <rect width=side.to_string() height=side.to_string() fill="#fff" />
                <path d=d fill="#000" />
            </svg>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_fits_a_small_code() {
        let (side, d) = qr_path("7KQ4-M2XHF").unwrap_or_default();
        // Version 1 (21 modules) plus the quiet zone.
        assert_eq!(side, 21 + 8);
        assert!(d.starts_with("M4 4h1v1h-1z"), "finder pattern top left");
    }
}
