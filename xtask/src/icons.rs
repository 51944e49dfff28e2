//! The home-screen icons, drawn at build time from the same shape as
//! `public/icon.svg` (a white house on the brand colour), as PNG files: some
//! Android browsers only install a web app with PNG icons.

use std::io::Write;

const BRAND: [u8; 3] = [0x12, 0x3c, 0x69];
/// The house outline in the SVG's 512-unit box.
const HOUSE: [(f32, f32); 11] = [
    (256.0, 96.0),
    (96.0, 224.0),
    (144.0, 224.0),
    (144.0, 400.0),
    (224.0, 400.0),
    (224.0, 296.0),
    (288.0, 296.0),
    (288.0, 400.0),
    (368.0, 400.0),
    (368.0, 224.0),
    (416.0, 224.0),
];

fn inside_polygon(x: f32, y: f32, poly: &[(f32, f32)]) -> bool {
    let mut inside = false;
    let mut j = poly.len() - 1;
    for i in 0..poly.len() {
        let (xi, yi) = poly[i];
        let (xj, yj) = poly[j];
        if (yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// Inside the rounded square (radius 96 of 512)?
fn inside_background(x: f32, y: f32) -> bool {
    let r = 96.0;
    let cx = x.clamp(r, 512.0 - r);
    let cy = y.clamp(r, 512.0 - r);
    (x - cx).powi(2) + (y - cy).powi(2) <= r * r
}

/// RGBA pixels of the icon at `size`×`size`, 4×4 samples per pixel.
pub fn pixels(size: u32, maskable: bool) -> Vec<u8> {
    let scale = 512.0 / size as f32;
    let mut out = Vec::with_capacity((size * size * 4) as usize);
    for py in 0..size {
        for px in 0..size {
            let (mut bg, mut white) = (0u32, 0u32);
            for sy in 0..4 {
                for sx in 0..4 {
                    let x = (px as f32 + (sx as f32 + 0.5) / 4.0) * scale;
                    let y = (py as f32 + (sy as f32 + 0.5) / 4.0) * scale;
                    // A maskable icon fills the square; the house sits in the safe zone.
                    let (hx, hy) = if maskable {
                        (256.0 + (x - 256.0) / 0.8, 256.0 + (y - 256.0) / 0.8)
                    } else {
                        (x, y)
                    };
                    if inside_polygon(hx, hy, &HOUSE) {
                        white += 1;
                    } else if maskable || inside_background(x, y) {
                        bg += 1;
                    }
                }
            }
            let covered = bg + white;
            let mix = |c: u8| ((c as u32 * bg + 255 * white) / covered.max(1)) as u8;
            out.extend_from_slice(&[
                mix(BRAND[0]),
                mix(BRAND[1]),
                mix(BRAND[2]),
                (covered * 255 / 16) as u8,
            ]);
        }
    }
    out
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    png.extend_from_slice(kind);
    png.extend_from_slice(data);
    png.extend_from_slice(&crc.sum().to_be_bytes());
}

/// An RGBA PNG file.
pub fn png(size: u32, rgba: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut raw = Vec::with_capacity(rgba.len() + size as usize);
    for row in rgba.chunks(size as usize * 4) {
        raw.push(0); // filter: none
        raw.extend_from_slice(row);
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    z.write_all(&raw)?;
    let idat = z.finish()?;
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&size.to_be_bytes());
    ihdr.extend_from_slice(&size.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]); // 8-bit RGBA
    let mut out = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &idat);
    chunk(&mut out, b"IEND", &[]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corners_are_clear_centre_is_white_edge_is_brand() {
        let p = pixels(64, false);
        let at = |x: usize, y: usize| &p[(y * 64 + x) * 4..(y * 64 + x) * 4 + 4];
        assert_eq!(at(0, 0)[3], 0, "rounded corner is transparent");
        assert_eq!(at(40, 40), [255, 255, 255, 255], "house is white");
        assert_eq!(at(4, 32), [BRAND[0], BRAND[1], BRAND[2], 255]);
        let m = pixels(64, true);
        assert_eq!(m[3], 255, "a maskable icon fills its corners");
    }

    #[test]
    fn png_has_signature_and_chunks() {
        let data = png(4, &pixels(4, false)).expect("png");
        assert_eq!(&data[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&data[12..16], b"IHDR");
        assert_eq!(&data[data.len() - 8..data.len() - 4], b"IEND");
    }
}
