// A client-credentials authorization server for the resource-server tests: node as.mjs PORT RESOURCE UPSTREAM
// Issues ES256 JWT access tokens (typ at+jwt) for RESOURCE and UPSTREAM (resource indicators, RFC 8707),
// opaque tokens to 'opaque-client', and introspects for 'resource-server'. Prints one JSON line when ready.
import Provider, { errors } from 'oidc-provider';
import * as jose from 'jose';

const [port, resource, upstream] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;
const { privateKey } = await jose.generateKeyPair('ES256', { extractable: true });
const key = { ...(await jose.exportJWK(privateKey)), kid: 'as-es256', alg: 'ES256', use: 'sig' };
const scopes = ['mcp', 'payments:write', 'payments:refund'];
const client = (id, secret) => ({
  client_id: id, client_secret: secret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [],
  token_endpoint_auth_method: 'client_secret_basic', scope: scopes.join(' '), id_token_signed_response_alg: 'ES256',
});

const provider = new Provider(issuer, {
  clients: [client('mcp-client', 'mcp-secret'), client('opaque-client', 'opaque-secret'),
    { ...client('resource-server', 'rs-secret'), grant_types: [] }],
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
        if (indicator !== resource && indicator !== upstream) {
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
provider.listen(Number(port), '127.0.0.1', () => console.log(JSON.stringify({ ready: issuer })));
