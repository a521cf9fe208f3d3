//! A TCP proxy in front of the mock that fails one chosen create at the connection level.
//!
//! The mock can answer any status (`/__mock/inject`), but "connection refused" is the mock being
//! down (`Mock::stop`), which fails every request and, on restart, forgets every model: no good
//! for "2 of 10 creates fail, the other 8 are there". So the app talks to this proxy, which
//! forwards everything, one request per connection (`Connection: close`, so the browser never
//! reuses a socket and never retries on its own), and resets the connection of a `POST` whose
//! body contains the chosen text before any byte of an answer: to the page this is exactly a
//! refused connection (fetch fails without a response; the request never reached LISA).

use std::sync::atomic::{AtomicU16, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

pub struct Proxy {
    pub url: String,
    upstream: Arc<AtomicU16>,
    fail: Arc<Mutex<Option<String>>>,
    pub failed: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Proxy {
    /// Listening now; forwards to the port given by [`Proxy::forward_to`] (the mock's, known
    /// only once the test's `Env`, whose config names this proxy, has started it).
    pub async fn start() -> Result<Proxy, String> {
        let listener = TcpListener::bind("127.0.0.1:0").await.map_err(|e| format!("proxy: {e}"))?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let upstream = Arc::new(AtomicU16::new(0));
        let fail = Arc::new(Mutex::new(None::<String>));
        let failed = Arc::new(AtomicUsize::new(0));
        let (u, f, n) = (upstream.clone(), fail.clone(), failed.clone());
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let (u, f, n) = (u.clone(), f.clone(), n.clone());
                tokio::spawn(async move {
                    let _ = handle(client, u.load(Ordering::SeqCst), f, n).await;
                });
            }
        });
        Ok(Proxy { url: format!("http://127.0.0.1:{port}"), upstream, fail, failed, task })
    }

    pub fn forward_to(&self, port: u16) {
        self.upstream.store(port, Ordering::SeqCst);
    }

    /// Reset the connection of every `POST` whose body contains `needle` (`None`: fail nothing).
    pub fn fail_posts_containing(&self, needle: Option<&str>) {
        if let Ok(mut f) = self.fail.lock() {
            *f = needle.map(String::from);
        }
    }

    pub fn failed_count(&self) -> usize {
        self.failed.load(Ordering::SeqCst)
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

async fn handle(mut client: TcpStream, upstream: u16, fail: Arc<Mutex<Option<String>>>, failed: Arc<AtomicUsize>) -> std::io::Result<()> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 16384];
    let head_end = loop {
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = find(&buf, b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let length: usize = head
        .lines()
        .find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case("content-length")).map(|(_, v)| v.trim().parse().unwrap_or(0)))
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = client.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = &buf[head_end..];
    let needle = fail.lock().ok().and_then(|f| f.clone());
    if head.starts_with("POST ") && needle.is_some_and(|n| find(body, n.as_bytes()).is_some()) {
        failed.fetch_add(1, Ordering::SeqCst);
        // Deprecated because a positive linger blocks on drop; zero does not: it resets.
        #[allow(deprecated)]
        client.set_linger(Some(Duration::ZERO))?;
        return Ok(());
    }
    // One request per connection: the browser opens a new one for the next request.
    let mut lines: Vec<&str> = head.trim_end().split("\r\n").filter(|l| !l.to_ascii_lowercase().starts_with("connection:")).collect();
    lines.push("Connection: close");
    let mut request = lines.join("\r\n").into_bytes();
    request.extend_from_slice(b"\r\n\r\n");
    request.extend_from_slice(body);
    let mut server = TcpStream::connect(("127.0.0.1", upstream)).await?;
    server.write_all(&request).await?;
    tokio::io::copy(&mut server, &mut client).await?;
    client.shutdown().await
}
