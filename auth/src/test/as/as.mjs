// A client-credentials authorization server for the resource-server tests: node as.mjs PORT RESOURCE UPSTREAM [UPSTREAM2]
// Issues ES256 JWT access tokens (typ at+jwt) for RESOURCE and the UPSTREAMs (resource indicators, RFC 8707),
// opaque tokens to 'opaque-client', and introspects for 'resource-server'. Prints one JSON line when ready.
//
// For the gateway's upstream credentials it also has two grants oidc-provider does not ship:
// - RFC 8693 token exchange for client 'gateway': the subject token must be one of ours, issued for RESOURCE
//   (the gateway's endpoint); the new token keeps its sub, names the gateway in 'act' (RFC 8693 §4.1: the
//   actor token's sub when one is sent, else the client), and is for the requested resource only.
// - 'urn:switchboard:test:user' for client 'user-app': a user's token (sub = the 'username' parameter) for a
//   resource, standing in for the authorization code flow, which needs a browser.
//
// And the authorization code flow (PKCE required) with ID tokens for client 'approvals' (secret 'approvals-secret'),
// the approval page's sign-in: a native client, so its loopback redirect URI http://127.0.0.1/approvals/callback
// matches on any port (RFC 8252 §7.3). Its login page is GET /interaction/UID, a form a test posts to
// /interaction/UID/login with 'login' = the user, who is signed in and consents at once. ID tokens carry name, email
// and 'groups' from the USERS table below (unknown users get no groups).
import Provider, { errors } from 'oidc-provider';
import * as jose from 'jose';

const [port, resource, ...upstreams] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const { privateKey, publicKey } = await jose.generateKeyPair('ES256', { extractable: true });
const key = { ...(await jose.exportJWK(privateKey)), kid: 'as-es256', alg: 'ES256', use: 'sig' };
const scopes = ['mcp', 'payments:write', 'payments:refund'];
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';
const USER_GRANT = 'urn:switchboard:test:user';
const resources = new Set([resource, ...upstreams]);
const USERS = {
  alice: { name: 'Alice Approver', email: 'alice@example.com', groups: ['approvers'] },
  dave: { name: 'Dave Approver', email: 'dave@example.com', groups: ['approvers', 'finance'] },
  erin: { name: 'Erin Staff', email: 'erin@example.com', groups: ['staff'] },
};
const OIDC_SCOPES = ['openid', 'profile', 'email', 'groups'];
const client = (id, secret) => ({
  client_id: id, client_secret: secret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [],
  token_endpoint_auth_method: 'client_secret_basic', scope: scopes.join(' '), id_token_signed_response_alg: 'ES256',
});

const provider = new Provider(issuer, {
  clients: [client('mcp-client', 'mcp-secret'), client('opaque-client', 'opaque-secret'),
    { ...client('resource-server', 'rs-secret'), grant_types: [] },
    { ...client('gateway', 'gateway-secret'), grant_types: ['client_credentials', TOKEN_EXCHANGE] },
    { ...client('user-app', 'user-secret'), grant_types: [USER_GRANT] },
    { ...client('approvals', 'approvals-secret'), application_type: 'native', grant_types: ['authorization_code'],
      response_types: ['code'], redirect_uris: ['http://127.0.0.1/approvals/callback'], scope: OIDC_SCOPES.join(' ') }],
  jwks: { keys: [key] },
  scopes: [...scopes, ...OIDC_SCOPES],
  claims: { openid: ['sub'], profile: ['name'], email: ['email'], groups: ['groups'] },
  conformIdTokenClaims: false, // the approval page reads who signed in from the ID token alone
  findAccount: (ctx, id) => ({ accountId: id, claims: () => ({ sub: id, ...(USERS[id] || { groups: [] }) }) }),
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: (ctx, c) => (c && c.clientId === 'approvals' ? undefined : resource),
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, indicator, c) => {
        if (!resources.has(indicator)) {
          throw new errors.InvalidTarget();
        }
        return {
          scope: scopes.join(' '), audience: indicator, accessTokenTTL: 300,
          accessTokenFormat: c.clientId === 'opaque-client' ? 'opaque' : 'jwt', jwt: { sign: { alg: 'ES256' } },
        };
      },
    },
  },
});

const counts = { exchanges: 0 };

async function mint(claims, ttl = 300) {
  const now = Math.floor(Date.now() / 1000);
  return new jose.SignJWT({ ...claims, iss: issuer, iat: now, exp: now + ttl, jti: crypto.randomUUID() })
    .setProtectedHeader({ alg: 'ES256', kid: 'as-es256', typ: 'at+jwt' }).sign(privateKey);
}

async function ours(token, what) {
  try {
    return (await jose.jwtVerify(token, publicKey, { issuer, typ: 'at+jwt' })).payload;
  } catch (e) {
    throw new errors.InvalidGrant(`${what} is not a valid access token of this server`);
  }
}

function requested(ctx, allowed) {
  const asked = ctx.oidc.params.scope ? ctx.oidc.params.scope.split(' ') : [...allowed];
  return asked.filter((s) => allowed.has(s)).join(' ');
}

provider.registerGrantType(TOKEN_EXCHANGE, async (ctx) => {
  const p = ctx.oidc.params;
  counts.exchanges += 1;
  if (p.subject_token_type !== ACCESS_TOKEN) {
    throw new errors.InvalidRequest('subject_token_type must be an access token');
  }
  const subject = await ours(p.subject_token, 'subject_token');
  if (subject.sub === 'mallory') {
    throw new errors.AccessDenied('mallory may not reach upstreams through the gateway');
  }
  const aud = [].concat(subject.aud);
  if (!aud.includes(resource)) {
    throw new errors.InvalidGrant(`the subject token was not issued for ${resource}, the gateway`);
  }
  let actor = ctx.oidc.client.clientId;
  if (p.actor_token) {
    const a = await ours(p.actor_token, 'actor_token');
    if (a.sub !== ctx.oidc.client.clientId) {
      throw new errors.InvalidGrant('the actor token does not represent the client');
    }
    actor = `${a.sub}`;
  }
  if (!p.resource || !resources.has(p.resource) || p.resource === resource) {
    throw new errors.InvalidTarget(`cannot exchange for resource ${p.resource}`);
  }
  const scope = requested(ctx, new Set((subject.scope || '').split(' ').filter(Boolean)));
  const act = subject.act ? { sub: actor, act: subject.act } : { sub: actor };
  const token = await mint({ sub: subject.sub, aud: p.resource, client_id: ctx.oidc.client.clientId, scope, act,
    ...(p.actor_token ? { actor_token_used: true } : {}) });
  ctx.body = { access_token: token, issued_token_type: ACCESS_TOKEN, token_type: 'Bearer', expires_in: 300, scope };
}, ['subject_token', 'subject_token_type', 'actor_token', 'actor_token_type', 'requested_token_type', 'resource',
  'audience', 'scope']);

provider.registerGrantType(USER_GRANT, async (ctx) => {
  const p = ctx.oidc.params;
  if (!p.username || !resources.has(p.resource)) {
    throw new errors.InvalidRequest('username and a known resource are required');
  }
  const scope = requested(ctx, new Set(scopes));
  const token = await mint({ sub: p.username, aud: p.resource, client_id: ctx.oidc.client.clientId, scope });
  ctx.body = { access_token: token, token_type: 'Bearer', expires_in: 300, scope };
}, ['username', 'resource', 'scope']);

// how many token exchanges were asked for (the gateway's cache is checked through it)
provider.use(async (ctx, next) => {
  if (ctx.path === '/test/counts') {
    ctx.body = counts;
    return;
  }
  await next();
});

// the login page of the code flow: a form, and its post signs 'login' in and grants what the client asked for
provider.use(async (ctx, next) => {
  const m = /^\/interaction\/([^/]+)(\/login)?$/.exec(ctx.path);
  if (!m) {
    await next();
    return;
  }
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  if (!m[2] && ctx.method === 'GET') {
    ctx.type = 'html';
    ctx.body = `<form method="post" action="/interaction/${details.uid}/login"><input name="login"><button>Sign in</button></form>`;
    return;
  }
  let raw = '';
  for await (const chunk of ctx.req) {
    raw += chunk;
  }
  const accountId = new URLSearchParams(raw).get('login');
  if (!accountId) {
    throw new errors.InvalidRequest('login is required');
  }
  const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
  grant.addOIDCScope(details.params.scope);
  const grantId = await grant.save();
  const to = await provider.interactionResult(ctx.req, ctx.res, { login: { accountId }, consent: { grantId } },
    { mergeWithLastSubmission: false });
  ctx.status = 303;
  ctx.redirect(to);
});

provider.listen(Number(port), '127.0.0.1', () => console.log(JSON.stringify({ ready: issuer })));
