//! A real OpenID Connect provider (npm `oidc-provider`, tests/oidc/provider.mjs) on loopback.

use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

use crate::paths;

pub const CLIENT_ID: &str = "lisa-admin";
pub const ADMIN_GROUP: &str = "lisa-admins";

pub struct OidcProvider {
    child: Child,
    pub issuer: String,
}

/// A free loopback port (the issuer URL must be known before the app's config is written).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).unwrap_or(39111)
}

impl OidcProvider {
    pub async fn start(port: u16, redirect_uris: &[String], post_logout_uris: &[String], id_token_ttl_s: u32) -> Result<Self, String> {
        let script = paths::workspace().join("tests/oidc/provider.mjs");
        let mut child = Command::new("node")
            .arg(&script)
            .env("PORT", port.to_string())
            .env("CLIENT_ID", CLIENT_ID)
            .env("ADMIN_GROUP", ADMIN_GROUP)
            .env("REDIRECT_URIS", redirect_uris.join(","))
            .env("POST_LOGOUT_URIS", post_logout_uris.join(","))
            .env("ID_TOKEN_TTL", id_token_ttl_s.to_string())
            .env("NODE_PATH", paths::node_modules())
            .current_dir(paths::workspace())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start node {}: {e}", script.display()))?;
        let stdout = child.stdout.take().ok_or("oidc-provider has no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let wait = async {
            while let Ok(Some(line)) = lines.next_line().await {
                if line.contains("listening on") {
                    return Ok(lines);
                }
            }
            Err("oidc-provider exited before listening (run `npm ci`)".to_string())
        };
        let mut lines = tokio::time::timeout(Duration::from_secs(15), wait)
            .await
            .map_err(|_| "oidc-provider did not start within 15 s".to_string())??;
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Ok(OidcProvider { child, issuer: format!("http://127.0.0.1:{port}") })
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        let _ = self.child.start_kill();
    }
}
