//! Embedding and image results as the try page shows them.

use lisa_api::serve::media::GeneratedImage;

use crate::app_config::is_http_url;

/// What the page shows of one vector.
#[derive(Clone, Debug, PartialEq)]
pub struct VectorFigures {
    pub length: usize,
    /// The first few values.
    pub first: Vec<f64>,
    /// Euclidean (L2) norm: 1 for the many models that normalise their vectors.
    pub norm: f64,
}

pub const FIRST_VALUES: usize = 8;

pub fn vector_figures(vector: &[f64]) -> VectorFigures {
    VectorFigures {
        length: vector.len(),
        first: vector.iter().take(FIRST_VALUES).copied().collect(),
        norm: vector.iter().map(|v| v * v).sum::<f64>().sqrt(),
    }
}

/// Cosine similarity: 1 for the same direction, 0 for unrelated (orthogonal) vectors. `None`
/// when it is not defined (lengths differ, a zero vector, non-finite values).
pub fn cosine_similarity(a: &[f64], b: &[f64]) -> Option<f64> {
    if a.len() != b.len() || a.is_empty() {
        return None;
    }
    let dot: f64 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norms = vector_figures(a).norm * vector_figures(b).norm;
    let c = dot / norms;
    (norms > 0.0 && c.is_finite()).then(|| c.clamp(-1.0, 1.0))
}

/// Values for people: up to 6 decimals, no trailing zeros ("0.123457", "-0.5", "1").
pub fn value_text(v: f64) -> String {
    let text = format!("{v:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".to_string() } else { text.to_string() }
}

/// The image type of base64 data, from its first bytes.
fn image_mime(b64: &str) -> &'static str {
    if b64.starts_with("/9j/") {
        "image/jpeg"
    } else if b64.starts_with("R0lGOD") {
        "image/gif"
    } else if b64.starts_with("UklGR") {
        "image/webp"
    } else {
        "image/png"
    }
}

/// A source for `<img src>`: a `data:` URL from `b64_json` (checked to be base64 only, so it
/// cannot close the URL or carry markup), else the `url` if it is http(s). Anything else
/// (`javascript:`, `data:text/html`, …) is refused with the reason.
pub fn image_source(image: &GeneratedImage) -> Result<String, String> {
    if let Some(b64) = image.b64_json.as_deref().map(str::trim).filter(|b| !b.is_empty()) {
        let clean: String = b64.chars().filter(|c| !c.is_ascii_whitespace()).collect();
        let valid = clean.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
        return if valid {
            Ok(format!("data:{};base64,{clean}", image_mime(&clean)))
        } else {
            Err("The image's b64_json is not base64, so it is not shown.".to_string())
        };
    }
    match image.url.as_deref().map(str::trim) {
        Some(url) if is_http_url(url) => Ok(url.to_string()),
        Some(_) => Err("The image's URL is not an http(s) address, so it is not shown.".to_string()),
        None => Err("The answer has no image (neither b64_json nor url).".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vector_figures_and_cosine() {
        let f = vector_figures(&[3.0, 4.0, 0.0]);
        assert_eq!((f.length, f.norm, f.first.len()), (3, 5.0, 3));
        assert_eq!(vector_figures(&[0.5; 20]).first.len(), FIRST_VALUES);
        let a = [0.1, 0.2, 0.3];
        assert!((cosine_similarity(&a, &a).unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(cosine_similarity(&[1.0, 0.0], &[0.0, 1.0]), Some(0.0));
        assert_eq!(cosine_similarity(&[1.0, 0.0], &[-2.0, 0.0]), Some(-1.0));
        assert_eq!(cosine_similarity(&[1.0], &[1.0, 2.0]), None);
        assert_eq!(cosine_similarity(&[0.0, 0.0], &[1.0, 2.0]), None);
        assert_eq!(cosine_similarity(&[], &[]), None);
        assert_eq!((value_text(0.1234567), value_text(-0.5), value_text(1.0), value_text(-0.0000001)), ("0.123457".into(), "-0.5".into(), "1".into(), "0".into()));
    }

    fn image(b64: Option<&str>, url: Option<&str>) -> GeneratedImage {
        GeneratedImage { b64_json: b64.map(String::from), url: url.map(String::from) }
    }

    #[test]
    fn images_come_from_base64_or_an_http_url_only() {
        assert_eq!(image_source(&image(Some("iVBORw0K\nGgo="), None)).unwrap(), "data:image/png;base64,iVBORw0KGgo=");
        assert!(image_source(&image(Some("/9j/4AAQ"), None)).unwrap().starts_with("data:image/jpeg;base64,"));
        assert!(image_source(&image(Some("abc\" onerror=\"x"), None)).is_err());
        assert_eq!(image_source(&image(None, Some("https://s3.example.com/i.png?X-Amz=1"))).unwrap(), "https://s3.example.com/i.png?X-Amz=1");
        for bad in ["javascript:alert(1)", "data:text/html,<script>", "//evil.example/x.png", "ftp://x/y"] {
            assert!(image_source(&image(None, Some(bad))).is_err(), "{bad}");
        }
        assert!(image_source(&image(Some(""), None)).is_err());
    }
}
