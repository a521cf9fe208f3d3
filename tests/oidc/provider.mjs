// A real OpenID Connect provider (the npm package `oidc-provider`) for the browser tests of
// LISA Admin's sign-in. Started by the e2e harness on loopback; prints its issuer URL.
//
// Environment: PORT (required), CLIENT_ID, REDIRECT_URIS (comma-separated), POST_LOGOUT_URIS,
// ID_TOKEN_TTL (seconds), ADMIN_GROUP.
import Provider from "oidc-provider";

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const clientId = process.env.CLIENT_ID || "lisa-admin";
const adminGroup = process.env.ADMIN_GROUP || "lisa-admins";
const idTokenTtl = Number(process.env.ID_TOKEN_TTL || 3600);
const list = (v) => (v || "").split(",").filter(Boolean);

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      token_endpoint_auth_method: "none",
      application_type: "web",
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      redirect_uris: list(process.env.REDIRECT_URIS),
      post_logout_redirect_uris: list(process.env.POST_LOGOUT_URIS),
    },
  ],
  // Login "admin" gets the admin group, anyone else does not (like LISA's JWT_GROUPS_PROP).
  async findAccount(ctx, id) {
    return {
      accountId: id,
      async claims() {
        return { sub: id, "cognito:username": id, "cognito:groups": id === "admin" ? [adminGroup, "users"] : ["users"] };
      },
    };
  },
  claims: { openid: ["sub", "cognito:username", "cognito:groups"] },
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  pkce: { required: () => true },
  clientBasedCORS: () => true,
  issueRefreshToken: () => true,
  ttl: { IdToken: idTokenTtl, AccessToken: idTokenTtl, RefreshToken: 3600, Session: 3600, Grant: 3600, Interaction: 600 },
  cookies: { keys: ["lisa-admin-test-only-cookie-key"] },
  // Consent is implied for this first-party client.
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) {
      const existing = await ctx.oidc.provider.Grant.find(grantId);
      if (existing) return existing;
    }
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope("openid profile email offline_access");
    grant.addOIDCClaims(["sub", "cognito:username", "cognito:groups"]);
    await grant.save();
    return grant;
  },
});
provider.proxy = false;

// Like Okta: RP-initiated logout must name the session's ID token (id_token_hint).
provider.use(async (ctx, next) => {
  if (ctx.path === "/session/end" && ctx.method === "GET" && !ctx.query.id_token_hint) {
    ctx.status = 400;
    ctx.body = "id_token_hint is required";
    return;
  }
  await next();
});

provider.listen(port, "127.0.0.1", () => {
  console.log(`oidc-provider listening on ${issuer}`);
});
