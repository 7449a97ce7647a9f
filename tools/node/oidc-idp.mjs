// An OpenID Connect provider for the single sign-on tests (node-oidc-provider, certified by
// the OpenID Foundation), listening on 127.0.0.1 only.
//
//   OIDC_PORT      the port; the issuer is http://127.0.0.1:<port>
//   OIDC_CLIENTS   JSON list of clients: {client_id, client_secret, redirect_uris,
//                  post_logout_redirect_uris, fault}
//   OIDC_ACCOUNTS  JSON object: account id -> the claims it asserts (email, name, ...)
//
// The sign-in page asks for an account id (any password); consent is given by the company
// (no consent page), as with a first-party enterprise application.
//
// A client's "fault" makes the ID token it receives wrong in one way, the way a broken or
// hostile provider or a man in the middle would: "audience" (issued to another client),
// "expired", "issuer" (another issuer), "nonce" (not the one the client sent), "signature"
// (signed by a key that is not the provider's); "userinfo" makes its UserInfo answer about
// another subject than its ID token.
import Provider from "oidc-provider";
import * as jose from "jose";

const port = Number(process.env.OIDC_PORT || 9400);
const issuer = `http://127.0.0.1:${port}`;
const clients = JSON.parse(process.env.OIDC_CLIENTS || "[]");
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS || "{}");

const { privateKey } = await jose.generateKeyPair("RS256", { extractable: true });
const signingJwk = { ...(await jose.exportJWK(privateKey)), kid: "signing", alg: "RS256", use: "sig" };
const { privateKey: strangerKey } = await jose.generateKeyPair("RS256", { extractable: true });

const faults = Object.fromEntries(clients.filter((c) => c.fault).map((c) => [c.client_id, c.fault]));
const customClaims = ["department", "job_title", "manager_email", "office", "team"];

const provider = new Provider(issuer, {
  clients: clients.map(({ fault, ...client }) => ({
    grant_types: ["authorization_code"],
    response_types: ["code"],
    token_endpoint_auth_method: "client_secret_post",
    ...client,
  })),
  jwks: { keys: [signingJwk] },
  pkce: { required: () => true },
  claims: {
    openid: ["sub"],
    email: ["email", "email_verified"],
    profile: ["name", "given_name", "family_name", "locale", "zoneinfo", ...customClaims],
  },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  cookies: { keys: ["socialearn-test-idp-cookie-key"] },
  async findAccount(ctx, id) {
    const claims = accounts[id];
    if (!claims) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...claims }; } };
  },
  // The company consents for its people: every requested scope is granted at once.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({
      clientId: ctx.oidc.client.clientId,
      accountId: ctx.oidc.session.accountId,
    });
    grant.addOIDCScope(ctx.oidc.params.scope);
    await grant.save();
    return grant;
  },
  ttl: { Session: 3600, Interaction: 600, Grant: 3600 },
});

async function tamper(idToken, fault) {
  const claims = jose.decodeJwt(idToken);
  const now = Math.floor(Date.now() / 1000);
  let key = privateKey;
  if (fault === "audience") claims.aud = "another-application";
  else if (fault === "expired") Object.assign(claims, { iat: now - 7200, exp: now - 3600 });
  else if (fault === "issuer") claims.iss = "http://127.0.0.1:1/not-the-issuer";
  else if (fault === "nonce") claims.nonce = "not-the-nonce-that-was-sent";
  else if (fault === "signature") key = strangerKey;
  return new jose.SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: "signing" }).sign(key);
}

provider.use(async (ctx, next) => {
  await next();
  const clientId = ctx.oidc?.client?.clientId;
  const fault = faults[clientId];
  if (!fault || ctx.status !== 200) return;
  if (ctx.path === "/token" && ctx.body?.id_token && fault !== "userinfo") {
    ctx.body = { ...ctx.body, id_token: await tamper(ctx.body.id_token, fault) };
  } else if (ctx.path === "/me" && fault === "userinfo") {
    ctx.body = { ...ctx.body, sub: "someone-else", email: "ceo@example.com" };
  }
});

provider.listen(port, "127.0.0.1", () => {
  console.log(`OpenID provider ready at ${issuer}`);
});
