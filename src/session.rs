//! The signed-in session: the bearer token, kept in sessionStorage only (never localStorage,
//! cookies or URLs), where it came from, when it expires, and the "your session may have
//! expired" state.

use leptos::prelude::*;
use lisa_console::app_config::AppConfig;
use lisa_console::auth::{self, AdminStatus, EndedSession, LisaUiSession, OidcClient, TokenOrigin, TokenProblem, TokenRules};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use crate::storage;

/// sessionStorage key of the token this app stores.
pub const TOKEN_KEY: &str = "lisa-admin.token";
/// sessionStorage key of the OIDC refresh token (for silent renewal), if the IdP gave one.
pub const REFRESH_KEY: &str = "lisa-admin.oidc.refresh";
/// sessionStorage key recording how the stored token was obtained.
const SOURCE_KEY: &str = "lisa-admin.token-source";
/// Tabs tell each other "signed out" here. Only that: a token never crosses tabs (each tab
/// keeps its own in its sessionStorage; one opened from another starts with a copy).
const CHANNEL: &str = "lisa-admin.session";
const SIGNED_OUT: &str = "signed-out";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenSource {
    /// Pasted on the sign-in page or in the session dialog.
    Pasted,
    /// Our own OIDC code flow.
    Oidc,
    /// The LISA UI's session in this tab (same origin), read on every request.
    LisaUi,
    /// Handed over by the embedding LISA UI through `postMessage`.
    Parent,
}

impl TokenSource {
    fn as_str(self) -> &'static str {
        match self {
            TokenSource::Pasted => "pasted",
            TokenSource::Oidc => "oidc",
            TokenSource::LisaUi => "lisa-ui",
            TokenSource::Parent => "parent",
        }
    }

    fn parse(s: &str) -> TokenSource {
        match s {
            "oidc" => TokenSource::Oidc,
            "parent" => TokenSource::Parent,
            _ => TokenSource::Pasted,
        }
    }

    /// Which token rules apply (`lisa_console::auth::check_ui_token`).
    fn origin(self) -> TokenOrigin {
        match self {
            TokenSource::Pasted | TokenSource::Parent => TokenOrigin::HandedOver,
            TokenSource::Oidc | TokenSource::LisaUi => TokenOrigin::Oidc,
        }
    }
}

/// Claim settings copied from the config (the session is `Copy`; the config is not).
#[derive(Clone, Debug, Default)]
struct ClaimSettings {
    groups_claim: String,
    admin_group: String,
    /// `oidc.user:<authority>:<client_id>` when reusing the LISA UI session is enabled.
    lisa_ui_key: Option<String>,
    /// `auth.oidc`'s authority and client id: every JWT, from any source, must be theirs.
    oidc_client: Option<(String, String)>,
}

impl ClaimSettings {
    fn client(&self) -> Option<OidcClient<'_>> {
        self.oidc_client.as_ref().map(|(authority, client_id)| OidcClient { authority, client_id })
    }

    /// The one check of every token the session takes (see `lisa_console::auth::id_token`).
    fn check(&self, token: &str, origin: TokenOrigin, nonce: Option<&str>, replaces: Option<&str>) -> Result<Option<f64>, TokenProblem> {
        let rules = TokenRules { nonce, replaces, ..TokenRules::new(origin, self.client()) };
        auth::check_ui_token(token, &rules, crate::time::now_ms() / 1000.0)
    }
}

#[derive(Clone, Copy)]
pub struct Session {
    token: RwSignal<Option<String>>,
    source: RwSignal<TokenSource>,
    settings: StoredValue<ClaimSettings>,
    /// Set when a request failed in a way that means "sign in again"; the shell shows a dialog
    /// over the current page, so nothing on it is lost.
    pub problem: RwSignal<Option<String>>,
    /// Bumped after every sign-in so pages refetch with the new token.
    pub generation: RwSignal<u32>,
    /// Set shortly before a token that cannot be renewed expires.
    pub expiry_warning: RwSignal<Option<String>>,
}

impl Session {
    pub fn load(config: &AppConfig) -> Self {
        let settings = ClaimSettings {
            groups_claim: config.oidc.as_ref().map(|o| o.groups_claim.clone()).unwrap_or_default(),
            admin_group: config.oidc.as_ref().map(|o| o.admin_group.clone()).unwrap_or_default(),
            lisa_ui_key: match (&config.oidc, config.reuse_lisa_session) {
                (Some(o), true) => Some(auth::lisa_ui_session_key(&o.authority, &o.client_id)),
                _ => None,
            },
            oidc_client: config.oidc.as_ref().map(|o| (o.authority.clone(), o.client_id.clone())),
        };
        // The stored copy is untrusted too: checked again by its source's rules. One that has
        // expired meanwhile stays, so that the page asks to sign in again over itself.
        let stored = storage::get(TOKEN_KEY).map(|t| t.trim().to_string()).filter(|t| is_plausible_token(t));
        let stored_source = TokenSource::parse(&storage::get(SOURCE_KEY).unwrap_or_default());
        let stored = stored.filter(|t| !matches!(settings.check(t, stored_source.origin(), None, None), Err(TokenProblem::Refused(_))));
        let (token, source) = match stored {
            Some(t) => (Some(t), stored_source),
            None => match lisa_ui_session(&settings) {
                Some(s) => (Some(s.id_token), TokenSource::LisaUi),
                None => (None, TokenSource::Pasted),
            },
        };
        let session = Session {
            token: RwSignal::new(token),
            source: RwSignal::new(source),
            settings: StoredValue::new(settings),
            problem: RwSignal::new(None),
            generation: RwSignal::new(0),
            expiry_warning: RwSignal::new(None),
        };
        listen_for_sign_out(session);
        session
    }

    pub fn signed_in(&self) -> Signal<bool> {
        let token = self.token;
        Signal::derive(move || token.with(Option::is_some))
    }

    pub fn source(&self) -> TokenSource {
        self.source.get_untracked()
    }

    /// The token for an `Authorization` header. Untracked: requests must not re-run because a
    /// token changed. A reused LISA UI session is re-read each time, so its renewals apply.
    pub fn token(&self) -> Option<String> {
        if self.source.get_untracked() == TokenSource::LisaUi {
            let fresh = self.settings.with_value(lisa_ui_session).map(|s| s.id_token);
            if fresh != self.token.get_untracked() {
                self.token.set(fresh.clone());
            }
            return fresh;
        }
        self.token.get_untracked()
    }

    /// Tracked view of the current token, for things that depend on who is signed in.
    pub fn token_signal(&self) -> Signal<Option<String>> {
        let token = self.token;
        Signal::derive(move || token.get())
    }

    /// Store a pasted token. `Err` explains what is wrong with it; nothing is stored then.
    pub fn sign_in(&self, raw: &str) -> Result<(), String> {
        let token = normalise_token(raw)?;
        self.check(&token, TokenSource::Pasted, None, None)?;
        self.store(token, TokenSource::Pasted, None)
    }

    /// Store an ID token from the OIDC code flow, which must carry this attempt's `nonce`.
    pub fn sign_in_oidc(&self, id_token: &str, refresh_token: Option<&str>, nonce: &str) -> Result<(), String> {
        let token = normalise_token(id_token)?;
        self.check(&token, TokenSource::Oidc, Some(nonce), None)?;
        self.store(token, TokenSource::Oidc, refresh_token)
    }

    /// Store a renewed ID token: the same user (`sub`) from the same issuer as the current one.
    pub fn renew_oidc(&self, id_token: &str, refresh_token: Option<&str>) -> Result<(), String> {
        let token = normalise_token(id_token)?;
        let current = self.token.get_untracked().unwrap_or_default();
        self.check(&token, TokenSource::Oidc, None, Some(&current))?;
        self.store(token, TokenSource::Oidc, refresh_token)
    }

    /// A token handed over by the embedding page.
    pub fn sign_in_from_parent(&self, raw: &str) -> Result<(), String> {
        let token = normalise_token(raw)?;
        if self.token.get_untracked().as_deref() == Some(token.as_str()) {
            return Ok(());
        }
        self.check(&token, TokenSource::Parent, None, None)?;
        self.store(token, TokenSource::Parent, None)
    }

    fn check(&self, token: &str, source: TokenSource, nonce: Option<&str>, replaces: Option<&str>) -> Result<(), String> {
        self.settings
            .with_value(|s| s.check(token, source.origin(), nonce, replaces))
            .map(|_| ())
            .map_err(|problem| format!("LISA Admin cannot use this token: {problem}."))
    }

    fn store(&self, token: String, source: TokenSource, refresh_token: Option<&str>) -> Result<(), String> {
        if !storage::set(TOKEN_KEY, &token) {
            return Err("This browser refused to keep the token in session storage (private mode or storage full). \
                        LISA Admin keeps tokens nowhere else."
                .to_string());
        }
        storage::set(SOURCE_KEY, source.as_str());
        match refresh_token {
            Some(r) => {
                storage::set(REFRESH_KEY, r);
            }
            None if source != TokenSource::Oidc => storage::remove(REFRESH_KEY),
            None => {}
        }
        self.token.set(Some(token));
        self.source.set(source);
        self.problem.set(None);
        self.expiry_warning.set(None);
        self.generation.update(|g| *g = g.wrapping_add(1));
        Ok(())
    }

    /// Signs out this tab and every other tab of the app in this browser: an admin who signs
    /// out expects no tab to go on acting with their token. Drafts stay (sessionStorage).
    /// Returns the OIDC tokens it held, for signing out at the identity provider.
    pub fn sign_out(&self) -> EndedSession {
        let ended = match self.source.get_untracked() {
            TokenSource::Oidc => EndedSession { id_token: self.token.get_untracked(), refresh_token: storage::get(REFRESH_KEY) },
            _ => EndedSession::default(),
        };
        self.forget_token();
        if let Ok(tabs) = web_sys::BroadcastChannel::new(CHANNEL) {
            let _ = tabs.post_message(&SIGNED_OUT.into());
        }
        ended
    }

    fn forget_token(&self) {
        storage::remove(TOKEN_KEY);
        storage::remove(SOURCE_KEY);
        storage::remove(REFRESH_KEY);
        self.token.set(None);
        self.source.set(TokenSource::Pasted);
        self.problem.set(None);
        self.expiry_warning.set(None);
    }

    pub fn report_problem(&self, message: String) {
        if self.token.with_untracked(Option::is_some) {
            self.problem.set(Some(message));
        }
    }

    /// Admin-only actions are hidden when the token's groups claim says "not admin". The
    /// server's 403 remains the authority.
    pub fn admin_status(&self) -> Signal<AdminStatus> {
        let token = self.token;
        let settings = self.settings;
        Signal::derive(move || {
            let token = token.get().unwrap_or_default();
            settings.with_value(|s| auth::admin_status(&token, &s.groups_claim, &s.admin_group))
        })
    }

    /// When the token stops being usable, in seconds since the epoch: its `exp` if it is a JWT;
    /// for a reused LISA UI session, the earlier of that and the session's `expires_at`.
    pub fn expires_at(&self) -> Option<f64> {
        if self.source.get_untracked() == TokenSource::LisaUi {
            return self.settings.with_value(lisa_ui_session).map(|s| s.expires_at);
        }
        let token = self.token.get_untracked()?;
        auth::identity(&token, "").and_then(|i| i.expires_at)
    }

    pub fn username(&self) -> Signal<Option<String>> {
        let token = self.token;
        Signal::derive(move || token.get().and_then(|t| auth::identity(&t, "")).and_then(|i| i.username))
    }
}

/// Another tab signed out: so does this one. (The channel lives on while it has a listener.)
fn listen_for_sign_out(session: Session) {
    let Ok(channel) = web_sys::BroadcastChannel::new(CHANNEL) else { return };
    // "Signed out" is the only message on this channel.
    let on_message = Closure::<dyn Fn()>::new(move || {
        if session.token.with_untracked(Option::is_some) {
            session.forget_token();
        }
    });
    channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // Listening for the app's whole life.
    on_message.forget();
}

/// The LISA UI's session in this tab, if reuse is enabled and its ID token passes the rules.
fn lisa_ui_session(settings: &ClaimSettings) -> Option<LisaUiSession> {
    let key = settings.lisa_ui_key.as_ref()?;
    let stored = storage::get(key)?;
    auth::lisa_ui_session(&stored, settings.client()?, crate::time::now_ms() / 1000.0).filter(|s| is_plausible_token(&s.id_token))
}

pub fn use_session() -> Session {
    expect_context::<Session>()
}

/// Accept what an admin pastes: a token, optionally prefixed with `Bearer `.
pub fn normalise_token(raw: &str) -> Result<String, String> {
    let trimmed = raw.trim();
    let token = trimmed
        .strip_prefix("Bearer ")
        .or_else(|| trimmed.strip_prefix("bearer "))
        .unwrap_or(trimmed)
        .trim();
    if token.is_empty() {
        return Err("Paste a LISA API token, management key or ID token.".to_string());
    }
    if !is_plausible_token(token) {
        return Err("That doesn't look like a token: it contains spaces or control characters.".to_string());
    }
    Ok(token.to_string())
}

/// An HTTP header value must be visible ASCII; a stored value that is not is ignored.
fn is_plausible_token(token: &str) -> bool {
    !token.is_empty() && token.len() <= 16 * 1024 && token.bytes().all(|b| (0x21..0x7f).contains(&b))
}
