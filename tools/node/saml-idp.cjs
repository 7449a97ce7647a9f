// A SAML 2.0 identity provider for the single sign-on tests (saml-idp on node-samlp, which
// signs its assertions and responses with RSA-SHA256), listening on 127.0.0.1 only.
//
//   SAML_PORT        the port; metadata at http://127.0.0.1:<port>/metadata
//   SAML_ACS_URL     the service provider's assertion consumer service
//   SAML_AUDIENCE    the service provider's entity id
//   SAML_SLO_URL     the service provider's single logout service
//   SAML_CERT, SAML_KEY  paths of the signing certificate and its RSA private key (PEM)
//   SAML_USER        JSON object: the person signing in and their attributes
//
// The sign-in page (GET /saml/sso with an AuthnRequest) shows the person's attributes; the
// form posted to /signin answers with a signed response to the service provider.
const { runServer } = require("saml-idp");

const user = JSON.parse(process.env.SAML_USER || "{}");
const attributes = Object.keys(user).filter((k) => !["userName", "nameIdFormat"].includes(k));

runServer({
  host: "127.0.0.1",
  port: Number(process.env.SAML_PORT || 9500),
  issuer: `http://127.0.0.1:${process.env.SAML_PORT || 9500}/metadata`,
  acsUrl: process.env.SAML_ACS_URL,
  audience: process.env.SAML_AUDIENCE,
  sloUrl: process.env.SAML_SLO_URL,
  cert: process.env.SAML_CERT,
  key: process.env.SAML_KEY,
  disableRequestAcsUrl: true,
  config: {
    user,
    metadata: attributes.map((id) => ({ id, optional: false, displayName: id, description: id, multiValue: false })),
  },
});
