//! Ending the identity provider's session on sign-out (docs/deploy.md §6). Without it the next
//! "Sign in" goes straight through without a password, which matters on shared machines.
//!
//! - An IdP with RP-initiated logout (`end_session_endpoint`: Keycloak, Okta, Entra ID,
//!   oidc-provider): go there with `client_id`, `post_logout_redirect_uri` and `id_token_hint`
//!   (Okta requires the hint).
//! - Amazon Cognito has no `end_session_endpoint`. Its domain (the host of the discovery
//!   document's `token_endpoint`, not of the issuer `cognito-idp.<region>.amazonaws.com`) has
//!   `POST /oauth2/revoke` for the refresh token and `GET /logout?client_id=…&logout_uri=…`.

use super::{form_encode, Discovery};

/// A form POST the browser sends before leaving.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormPost {
    pub url: String,
    pub body: String,
}

/// What sign-out does at the identity provider.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignOutPlan {
    /// Revoke the refresh token first (Cognito).
    pub revoke: Option<FormPost>,
    /// Then leave for the provider's logout page, which comes back to the sign-in page.
    pub logout_url: Option<String>,
}

/// The tokens the session held, taken before they are forgotten.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EndedSession {
    pub id_token: Option<String>,
    pub refresh_token: Option<String>,
}

/// `https://cognito-idp.<region>.amazonaws.com/<pool>` (also `-fips`, and `.amazonaws.com.cn`).
pub fn is_cognito_authority(authority: &str) -> bool {
    let host = host_of(authority).unwrap_or_default().to_ascii_lowercase();
    let host = host.split(':').next().unwrap_or_default();
    let region = host.strip_prefix("cognito-idp.").or_else(|| host.strip_prefix("cognito-idp-fips."));
    let region = region.and_then(|r| r.strip_suffix(".amazonaws.com").or_else(|| r.strip_suffix(".amazonaws.com.cn")));
    region.is_some_and(|r| !r.is_empty() && r.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// Host (and port) of an http(s) URL.
fn host_of(url: &str) -> Option<&str> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    rest.split(['/', '?', '#']).next().filter(|h| !h.is_empty())
}

/// `scheme://host[:port]` of an http(s) URL.
fn origin_of(url: &str) -> Option<String> {
    let scheme = if url.starts_with("https://") { "https" } else { "http" };
    host_of(url).map(|host| format!("{scheme}://{host}"))
}

fn with_query(endpoint: &str, pairs: &[(&str, &str)]) -> String {
    let separator = if endpoint.contains('?') { '&' } else { '?' };
    format!("{endpoint}{separator}{}", form_encode(pairs))
}

/// The sign-out at the provider for this discovery document; `back` is where the provider
/// returns to (the app's sign-in page, registered with the provider).
pub fn sign_out_plan(discovery: &Discovery, authority: &str, client_id: &str, ended: &EndedSession, back: &str) -> SignOutPlan {
    if let Some(endpoint) = &discovery.end_session_endpoint {
        let mut pairs = vec![("client_id", client_id), ("post_logout_redirect_uri", back)];
        if let Some(hint) = &ended.id_token {
            pairs.push(("id_token_hint", hint));
        }
        return SignOutPlan { revoke: None, logout_url: Some(with_query(endpoint, &pairs)) };
    }
    let domain = origin_of(&discovery.token_endpoint).filter(|_| is_cognito_authority(authority));
    let Some(domain) = domain else { return SignOutPlan::default() };
    let revoke = ended.refresh_token.as_ref().map(|token| FormPost {
        url: format!("{domain}/oauth2/revoke"),
        body: form_encode(&[("token", token), ("client_id", client_id)]),
    });
    let logout_url = with_query(&format!("{domain}/logout"), &[("client_id", client_id), ("logout_uri", back)]);
    SignOutPlan { revoke, logout_url: Some(logout_url) }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COGNITO: &str = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC";
    const BACK: &str = "https://admin.example.com/admin/sign-in";

    fn discovery(token_endpoint: &str, end_session: Option<&str>) -> Discovery {
        Discovery {
            issuer: COGNITO.into(),
            authorization_endpoint: "https://lisa.auth.eu-west-1.amazoncognito.com/oauth2/authorize".into(),
            token_endpoint: token_endpoint.into(),
            end_session_endpoint: end_session.map(String::from),
        }
    }

    fn ended(id: Option<&str>, refresh: Option<&str>) -> EndedSession {
        EndedSession { id_token: id.map(String::from), refresh_token: refresh.map(String::from) }
    }

    #[test]
    fn cognito_authorities() {
        for yes in [COGNITO, "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x", "https://COGNITO-IDP.us-gov-west-1.amazonaws.com/p",
            "https://cognito-idp-fips.us-east-1.amazonaws.com/p", "https://cognito-idp.cn-north-1.amazonaws.com.cn/p", "http://cognito-idp.eu-west-1.amazonaws.com:8443/p"] {
            assert!(is_cognito_authority(yes), "{yes}");
        }
        for no in ["https://idp.example.com/realms/lisa", "https://cognito-idp..amazonaws.com/p", "https://cognito-idp.eu-west-1.amazonaws.com.evil.com/p",
            "https://evilcognito-idp.eu-west-1.amazonaws.com/p", "https://x.com/cognito-idp.eu-west-1.amazonaws.com", "cognito-idp.eu-west-1.amazonaws.com", ""] {
            assert!(!is_cognito_authority(no), "{no}");
        }
    }

    #[test]
    fn cognito_revokes_then_logs_out_at_its_domain() {
        let d = discovery("https://lisa.auth.eu-west-1.amazoncognito.com/oauth2/token", None);
        let plan = sign_out_plan(&d, COGNITO, "client 1", &ended(Some("id.tok.en"), Some("r/+=")), BACK);
        assert_eq!(
            plan.revoke,
            Some(FormPost {
                url: "https://lisa.auth.eu-west-1.amazoncognito.com/oauth2/revoke".into(),
                body: "token=r%2F%2B%3D&client_id=client%201".into(),
            })
        );
        assert_eq!(
            plan.logout_url.as_deref(),
            Some("https://lisa.auth.eu-west-1.amazoncognito.com/logout?client_id=client%201&logout_uri=https%3A%2F%2Fadmin.example.com%2Fadmin%2Fsign-in")
        );
        // No refresh token issued: nothing to revoke, still the logout.
        let plan = sign_out_plan(&d, COGNITO, "c", &ended(Some("id.tok.en"), None), BACK);
        assert_eq!(plan.revoke, None);
        assert!(plan.logout_url.is_some_and(|u| u.starts_with("https://lisa.auth.eu-west-1.amazoncognito.com/logout?client_id=c&")));
        // A custom domain, with a port: the token endpoint's origin.
        let custom = discovery("https://auth.example.com:8443/oauth2/token", None);
        let plan = sign_out_plan(&custom, COGNITO, "c", &ended(None, Some("r")), BACK);
        assert_eq!(plan.revoke.map(|r| r.url).as_deref(), Some("https://auth.example.com:8443/oauth2/revoke"));
    }

    #[test]
    fn rp_initiated_logout_sends_the_id_token_hint() {
        let d = discovery("https://idp.example.com/token", Some("https://idp.example.com/logout?tenant=a"));
        let plan = sign_out_plan(&d, "https://idp.example.com", "c", &ended(Some("h.i.nt"), Some("r")), BACK);
        assert_eq!(plan.revoke, None);
        assert_eq!(
            plan.logout_url.as_deref(),
            Some("https://idp.example.com/logout?tenant=a&client_id=c&post_logout_redirect_uri=https%3A%2F%2Fadmin.example.com%2Fadmin%2Fsign-in&id_token_hint=h.i.nt")
        );
        let plan = sign_out_plan(&d, "https://idp.example.com", "c", &ended(None, None), BACK);
        assert!(plan.logout_url.is_some_and(|u| !u.contains("id_token_hint")));
    }

    #[test]
    fn other_providers_without_logout_are_left_alone() {
        let d = discovery("https://idp.example.com/token", None);
        assert_eq!(sign_out_plan(&d, "https://idp.example.com", "c", &ended(Some("a.b.c"), Some("r")), BACK), SignOutPlan::default());
    }
}
