//! Embedding vectors and generated images, both deterministic and built in code.

use super::text::hash;
use crate::demo_metrics::Rng;

/// Every embedding model of the mock answers with vectors of this length.
pub const EMBEDDING_DIMENSION: usize = 384;

/// The vector of `text` under `model_id`: pseudo-random from a hash of both, scaled to unit
/// length, rounded to 8 decimals (so its norm is 1 within about 1e-7). The same text always
/// gives the same vector.
pub fn embedding(model_id: &str, text: &str) -> Vec<f64> {
    let mut rng = Rng::new(hash(&[model_id, text]));
    let raw: Vec<f64> = (0..EMBEDDING_DIMENSION).map(|_| (rng.next_u64() % 2_000_001) as f64 / 1_000_000.0 - 1.0).collect();
    let norm = raw.iter().map(|v| v * v).sum::<f64>().sqrt().max(f64::MIN_POSITIVE);
    raw.iter().map(|v| ((v / norm) * 1e8).round() / 1e8).collect()
}

/// Side of the generated square image, in pixels.
pub const IMAGE_SIDE: u32 = 8;

/// A valid 8×8 RGB PNG: a checkerboard of two colours taken from the seed.
pub fn png(seed: u64) -> Vec<u8> {
    let colour = |shift: u32| -> [u8; 3] {
        let v = seed.rotate_left(shift);
        [(v >> 16) as u8, (v >> 8) as u8, v as u8]
    };
    let (a, b) = (colour(0), colour(24));
    let mut raw = Vec::new();
    for y in 0..IMAGE_SIDE {
        raw.push(0); // filter type: none
        for x in 0..IMAGE_SIDE {
            raw.extend_from_slice(if (x + y) % 2 == 0 { &a } else { &b });
        }
    }
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&IMAGE_SIDE.to_be_bytes());
    ihdr.extend_from_slice(&IMAGE_SIDE.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]); // 8 bits, RGB, deflate, no filter, no interlace
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &zlib_stored(&raw));
    chunk(&mut out, b"IEND", &[]);
    out
}

fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let start = out.len();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32(&out[start..]);
    out.extend_from_slice(&crc.to_be_bytes());
}

/// A zlib stream holding `data` in one uncompressed deflate block (data < 64 KiB).
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let len = data.len() as u16;
    let mut out = vec![0x78, 0x01, 0x01];
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&(!len).to_le_bytes());
    out.extend_from_slice(data);
    let (mut s1, mut s2) = (1u32, 0u32);
    for &byte in data {
        s1 = (s1 + byte as u32) % 65_521;
        s2 = (s2 + s1) % 65_521;
    }
    out.extend_from_slice(&((s2 << 16) | s1).to_be_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &byte in data {
        crc ^= byte as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// Standard base64 with padding (what `b64_json` holds).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let n = (group[0] as u32) << 16 | (*group.get(1).unwrap_or(&0) as u32) << 8 | *group.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= group.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_are_unit_and_stable() {
        let v = embedding("embed", "hello");
        assert_eq!(v.len(), EMBEDDING_DIMENSION);
        let norm: f64 = v.iter().map(|x| x * x).sum::<f64>().sqrt();
        assert!((norm - 1.0).abs() < 1e-6, "{norm}");
        assert_eq!(v, embedding("embed", "hello"));
        assert_ne!(v, embedding("embed", "hello!"));
    }

    #[test]
    fn png_is_well_formed() {
        let png = png(42);
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        // Every PNG ends with the same IEND chunk, CRC included.
        assert_eq!(crc32(b"IEND"), 0xae42_6082);
        assert!(png.ends_with(&[0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xae, 0x42, 0x60, 0x82]));
        assert_ne!(png, super::png(43));
    }

    #[test]
    fn base64_matches_rfc_4648() {
        for (input, expected) in [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }
}
