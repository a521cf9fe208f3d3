//! Files the page offers for download (metrics CSVs, exports, import reports), read back
//! without the browser saving anything: [`CAPTURE_DOWNLOADS`] records every Blob given to
//! `URL.createObjectURL` and every `<a download>` click; [`downloaded`] reads one.

use crate::Env;

/// Install with `env.on_new_document(CAPTURE_DOWNLOADS)` before the page loads.
pub const CAPTURE_DOWNLOADS: &str = r#"
window.__blobs = [];
window.__downloads = [];
const createObjectURL = URL.createObjectURL.bind(URL);
URL.createObjectURL = function (blob) {
  const url = createObjectURL(blob);
  blob.text().then(function (text) { window.__blobs.push({ url: url, type: blob.type, text: text }); });
  return url;
};
const click = HTMLAnchorElement.prototype.click;
HTMLAnchorElement.prototype.click = function () {
  if (this.hasAttribute('download')) {
    window.__downloads.push({ name: this.getAttribute('download'), url: this.href });
    return;
  }
  return click.call(this);
};
"#;

/// The `index`th file the page offered: (name, MIME type, text).
pub async fn downloaded(env: &Env, index: usize) -> Result<(String, String, String), String> {
    env.until("the downloaded file", || async {
        let v = env
            .js(&format!(
                "const b = (window.__blobs || [])[{index}]; const d = (window.__downloads || [])[{index}]; \
                 return b && d && b.url === d.url ? [d.name, b.type, b.text] : null;"
            ))
            .await
            .ok()?;
        let a = v.as_array()?;
        Some((a[0].as_str()?.to_string(), a[1].as_str()?.to_string(), a[2].as_str()?.to_string()))
    })
    .await
}
