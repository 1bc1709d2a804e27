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
const client = (id, secret) => ({
  client_id: id, client_secret: secret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [],
  token_endpoint_auth_method: 'client_secret_basic', scope: scopes.join(' '), id_token_signed_response_alg: 'ES256',
});

const provider = new Provider(issuer, {
  clients: [client('mcp-client', 'mcp-secret'), client('opaque-client', 'opaque-secret'),
    { ...client('resource-server', 'rs-secret'), grant_types: [] },
    { ...client('gateway', 'gateway-secret'), grant_types: ['client_credentials', TOKEN_EXCHANGE] },
    { ...client('user-app', 'user-secret'), grant_types: [USER_GRANT] }],
  jwks: { keys: [key] },
  scopes,
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
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

provider.listen(Number(port), '127.0.0.1', () => console.log(JSON.stringify({ ready: issuer })));
