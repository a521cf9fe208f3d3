//! The signed-in session: the bearer token, kept in sessionStorage only (never localStorage,
//! cookies or URLs), and the "your session may have expired" state.

use leptos::prelude::*;

use crate::storage;

/// sessionStorage key of the token this app stores.
pub const TOKEN_KEY: &str = "lisa-admin.token";

#[derive(Clone, Copy)]
pub struct Session {
    token: RwSignal<Option<String>>,
    /// Set when a request failed in a way that means "sign in again"; the shell shows a dialog
    /// over the current page, so nothing on it is lost.
    pub problem: RwSignal<Option<String>>,
    /// Bumped after every sign-in so pages refetch with the new token.
    pub generation: RwSignal<u32>,
}

impl Session {
    pub fn load() -> Self {
        let token = storage::get(TOKEN_KEY).map(|t| t.trim().to_string()).filter(|t| is_plausible_token(t));
        Session { token: RwSignal::new(token), problem: RwSignal::new(None), generation: RwSignal::new(0) }
    }

    pub fn is_signed_in(&self) -> bool {
        self.token.with(Option::is_some)
    }

    pub fn signed_in(&self) -> Signal<bool> {
        let token = self.token;
        Signal::derive(move || token.with(Option::is_some))
    }

    /// The token for an `Authorization` header. Untracked: requests must not re-run because
    /// a token changed.
    pub fn token(&self) -> Option<String> {
        self.token.get_untracked()
    }

    /// Store a pasted token. `Err` explains what is wrong with it; nothing is stored then.
    pub fn sign_in(&self, raw: &str) -> Result<(), String> {
        let token = normalise_token(raw)?;
        if !storage::set(TOKEN_KEY, &token) {
            return Err("This browser refused to keep the token in session storage (private mode or storage full). \
                        LISA Admin keeps tokens nowhere else."
                .to_string());
        }
        self.token.set(Some(token));
        self.problem.set(None);
        self.generation.update(|g| *g = g.wrapping_add(1));
        Ok(())
    }

    pub fn sign_out(&self) {
        storage::remove(TOKEN_KEY);
        self.token.set(None);
        self.problem.set(None);
    }

    pub fn report_problem(&self, message: String) {
        if self.token.with_untracked(Option::is_some) {
            self.problem.set(Some(message));
        }
    }
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
