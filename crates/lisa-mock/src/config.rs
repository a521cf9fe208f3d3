//! Command-line configuration.

pub const DEFAULT_ADMIN_TOKEN: &str = "demo-admin-token";
pub const DEFAULT_USER_TOKEN: &str = "demo-user-token";
pub const DEFAULT_WORKFLOW_DELAY_MS: u64 = 4000;

pub const HELP: &str = "\
lisa-mock: a mock LISA v6.6.0 API (model management, metrics, configuration, LISA Serve) for
demos and tests

USAGE:
    lisa-mock --addr 127.0.0.1:PORT [OPTIONS]

OPTIONS:
    --addr HOST:PORT          address to listen on (default 127.0.0.1:8787; port 0 picks a free
                              port, the real one is printed)
    --admin-token T           bearer token of the admin caller (default: demo-admin-token)
    --user-token T            bearer token of a non-admin caller with no groups
                              (default: demo-user-token)
    --empty                   start with no models and no metrics (default: demo data)
    --workflows auto|manual   auto (default): Creating/Updating/Starting/Stopping/Deleting move on
                              by themselves; manual: only POST /__mock/seed changes a status
    --workflow-delay-ms N     time a workflow takes to finish (default 4000)
    --test-control            enable the /__mock/* control routes (reset, seed, inject, requests,
                              generate)
    --error-style documented  answer errors as LISA's docs describe them
                              ({\"error\":\"ModelNotFoundError\",\"message\":…}) instead of the real
                              {\"detail\":…} bodies; status codes stay real
    --oidc-issuer URL         also accept OIDC ID tokens (JWTs) whose `iss` is URL, like LISA's
                              authorizer (§2.1c): `aud` must equal --oidc-client-id and the token
                              must not be expired. The signature is NOT checked (a mock).
    --oidc-client-id ID       the audience those tokens must carry (default lisa-admin)
    --oidc-groups-claim PATH  dotted path of the groups claim (default cognito:groups)
    --oidc-admin-group G      members of this group are admins (default lisa-admins)
    --serve-addr HOST:PORT    also serve LISA Serve (/v2/serve/*) on this second address, a
                              different origin as LISA's Serve ALB is (the main address keeps
                              serving it too); printed as a second line
    --serve-ttft-ms N         time to first token of chat answers (default 300)
    --serve-token-ms N        delay between streamed tokens (default 25; non-streaming answers
                              take ttft + tokens x this)
    --serve-serialize on|off  queue serve calls on a worker as LISA's blocking calls do: held
                              until the first chunk (streaming) or the whole answer (default on)
    --serve-workers N         how many calls run at once when serialized (default 1)
    --serve-new-model-ms N    \"Invalid model name\" for this long after a model turns InService
                              (default 10000; LiteLLM workers poll every 30 s in LISA)
    --serve-answer-tokens N   every generated answer has N tokens (default: 40-99, from a hash
                              of the model id and the prompt)
    -h, --help                this text

Send `Authorization: Bearer <token>`. Model routes are under /models, metrics under
/metrics/users, the configuration under /configuration, LISA Serve under /v2/serve (models,
chat/completions, embeddings, images/generations). Test control (/__mock/*): see the README.
";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Workflows {
    Auto,
    Manual,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorStyle {
    /// What LISA v6.6.0 really sends.
    Real,
    /// The seed document's `{"error","message"}` bodies.
    Documented,
}

#[derive(Clone, Debug)]
pub struct Config {
    pub addr: String,
    pub admin_token: String,
    pub user_token: String,
    pub empty: bool,
    pub workflows: Workflows,
    pub workflow_delay_ms: u64,
    pub test_control: bool,
    pub error_style: ErrorStyle,
    pub oidc: Option<OidcAuth>,
    /// A second listen address for the Serve API only.
    pub serve_addr: Option<String>,
    /// The Serve API's settings at start (and after `/__mock/reset`).
    pub serve: ServeSettings,
}

/// How the mock's LISA Serve answers: timing, serialization, the new-model window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServeSettings {
    pub ttft_ms: u64,
    pub token_ms: u64,
    pub serialize: bool,
    pub workers: u32,
    pub new_model_window_ms: u64,
    /// Fixed answer length in tokens; `None`: 40–99 derived from the model id and prompt.
    pub answer_tokens: Option<u64>,
}

impl Default for ServeSettings {
    fn default() -> Self {
        ServeSettings {
            ttft_ms: 300,
            token_ms: 25,
            serialize: true,
            workers: 1,
            new_model_window_ms: 10_000,
            answer_tokens: None,
        }
    }
}

/// The largest accepted delay or window (ten minutes, LISA Serve's ALB idle timeout).
pub const MAX_SERVE_MS: u64 = 600_000;
pub const MAX_SERVE_WORKERS: u32 = 64;
pub const MAX_ANSWER_TOKENS: u64 = 100_000;

/// Accepting OIDC ID tokens as LISA's authorizer does (claims only; no signature check).
#[derive(Clone, Debug)]
pub struct OidcAuth {
    pub issuer: String,
    pub client_id: String,
    pub groups_claim: String,
    pub admin_group: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            addr: "127.0.0.1:8787".to_string(),
            admin_token: DEFAULT_ADMIN_TOKEN.to_string(),
            user_token: DEFAULT_USER_TOKEN.to_string(),
            empty: false,
            workflows: Workflows::Auto,
            workflow_delay_ms: DEFAULT_WORKFLOW_DELAY_MS,
            test_control: false,
            error_style: ErrorStyle::Real,
            oidc: None,
            serve_addr: None,
            serve: ServeSettings::default(),
        }
    }
}

fn oidc_mut(config: &mut Config) -> &mut OidcAuth {
    config.oidc.get_or_insert_with(|| OidcAuth {
        issuer: String::new(),
        client_id: "lisa-admin".to_string(),
        groups_claim: "cognito:groups".to_string(),
        admin_group: "lisa-admins".to_string(),
    })
}

/// A non-negative integer flag value up to `max`.
fn number(flag: &str, text: &str, max: u64) -> Result<u64, String> {
    text.parse::<u64>().ok().filter(|n| *n <= max).ok_or_else(|| format!("{flag} needs a number 0..={max}, not {text:?}"))
}

/// What the command line asked for.
#[derive(Debug)]
pub enum Parsed {
    Run(Box<Config>),
    Help,
}

/// Parses the arguments after the program name. `--flag value` and `--flag=value` both work.
pub fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Result<Parsed, String> {
    let mut config = Config::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            match inline.clone() {
                Some(v) => Ok(v),
                None => args.next().ok_or_else(|| format!("{name} needs a value")),
            }
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Parsed::Help),
            "--addr" => config.addr = value("--addr")?,
            "--admin-token" => config.admin_token = value("--admin-token")?,
            "--user-token" => config.user_token = value("--user-token")?,
            "--empty" => config.empty = true,
            "--oidc-issuer" => oidc_mut(&mut config).issuer = value("--oidc-issuer")?,
            "--oidc-client-id" => oidc_mut(&mut config).client_id = value("--oidc-client-id")?,
            "--oidc-groups-claim" => oidc_mut(&mut config).groups_claim = value("--oidc-groups-claim")?,
            "--oidc-admin-group" => oidc_mut(&mut config).admin_group = value("--oidc-admin-group")?,
            "--test-control" => config.test_control = true,
            "--workflows" => {
                config.workflows = match value("--workflows")?.as_str() {
                    "auto" => Workflows::Auto,
                    "manual" => Workflows::Manual,
                    other => return Err(format!("--workflows must be auto or manual, not {other:?}")),
                }
            }
            "--workflow-delay-ms" => {
                let v = value("--workflow-delay-ms")?;
                config.workflow_delay_ms =
                    v.parse().map_err(|_| format!("--workflow-delay-ms needs a number, not {v:?}"))?;
            }
            "--serve-addr" => config.serve_addr = Some(value("--serve-addr")?),
            "--serve-ttft-ms" => config.serve.ttft_ms = number("--serve-ttft-ms", &value("--serve-ttft-ms")?, MAX_SERVE_MS)?,
            "--serve-token-ms" => config.serve.token_ms = number("--serve-token-ms", &value("--serve-token-ms")?, MAX_SERVE_MS)?,
            "--serve-new-model-ms" => {
                config.serve.new_model_window_ms = number("--serve-new-model-ms", &value("--serve-new-model-ms")?, MAX_SERVE_MS)?
            }
            "--serve-answer-tokens" => {
                config.serve.answer_tokens = Some(number("--serve-answer-tokens", &value("--serve-answer-tokens")?, MAX_ANSWER_TOKENS)?)
            }
            "--serve-workers" => {
                let n = number("--serve-workers", &value("--serve-workers")?, MAX_SERVE_WORKERS as u64)?;
                if n == 0 {
                    return Err("--serve-workers must be at least 1".to_string());
                }
                config.serve.workers = n as u32;
            }
            "--serve-serialize" => {
                config.serve.serialize = match value("--serve-serialize")?.as_str() {
                    "on" => true,
                    "off" => false,
                    other => return Err(format!("--serve-serialize must be on or off, not {other:?}")),
                }
            }
            "--error-style" => {
                config.error_style = match value("--error-style")?.as_str() {
                    "documented" => ErrorStyle::Documented,
                    "real" => ErrorStyle::Real,
                    other => return Err(format!("--error-style must be documented or real, not {other:?}")),
                }
            }
            other => return Err(format!("unknown argument {other:?} (see --help)")),
        }
    }
    if config.admin_token.trim().is_empty() || config.user_token.trim().is_empty() {
        return Err("tokens must not be empty".to_string());
    }
    if config.admin_token == config.user_token {
        return Err("--admin-token and --user-token must differ".to_string());
    }
    Ok(Parsed::Run(Box::new(config)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Parsed, String> {
        parse_args(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn flags_and_defaults() {
        let Ok(Parsed::Run(c)) = parse(&["--addr", "127.0.0.1:0", "--empty", "--workflows=manual", "--test-control"])
        else {
            panic!("should parse")
        };
        assert_eq!(c.addr, "127.0.0.1:0");
        assert!(c.empty && c.test_control);
        assert_eq!(c.workflows, Workflows::Manual);
        assert_eq!(c.admin_token, DEFAULT_ADMIN_TOKEN);
        assert_eq!(c.error_style, ErrorStyle::Real);
        assert!(parse(&["--workflows", "sometimes"]).is_err());
        assert!(parse(&["--workflow-delay-ms"]).is_err());
        assert!(parse(&["--bogus"]).is_err());
        assert!(matches!(parse(&["--help"]), Ok(Parsed::Help)));
        assert_eq!(c.serve, ServeSettings::default());
        assert!(c.serve.serialize && c.serve_addr.is_none());
    }

    #[test]
    fn serve_flags() {
        let Ok(Parsed::Run(c)) = parse(&[
            "--serve-addr=127.0.0.1:0", "--serve-ttft-ms", "0", "--serve-token-ms=5", "--serve-serialize", "off",
            "--serve-workers", "2", "--serve-new-model-ms", "0", "--serve-answer-tokens", "1500",
        ]) else {
            panic!("should parse")
        };
        assert_eq!(c.serve_addr.as_deref(), Some("127.0.0.1:0"));
        assert_eq!(
            c.serve,
            ServeSettings { ttft_ms: 0, token_ms: 5, serialize: false, workers: 2, new_model_window_ms: 0, answer_tokens: Some(1500) }
        );
        for bad in [&["--serve-workers", "0"][..], &["--serve-serialize", "yes"], &["--serve-ttft-ms", "-1"], &["--serve-token-ms", "700000"]] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }
}
