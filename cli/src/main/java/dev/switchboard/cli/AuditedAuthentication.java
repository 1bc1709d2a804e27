package dev.switchboard.cli;

import dev.switchboard.http.AuthenticationException;
import dev.switchboard.http.Authenticator;
import dev.switchboard.policy.audit.Auditor;
import dev.switchboard.policy.audit.Refusal;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.server.Interceptor;
import dev.switchboard.server.Principal;
import dev.switchboard.server.RequestContext;

import java.time.Instant;

/**
 * Authentication refusals into the audit log, at both places auth refuses: the transport's token
 * check (401, or 403 when the {@code Mcp-Method}/{@code Mcp-Name} headers show a missing scope) and
 * the scope check on the decoded request ({@code -31403}). Lives in the wiring because the token
 * check is a transport seam ({@link Authenticator}) that the policy module must not know.
 */
final class AuditedAuthentication {
    private AuditedAuthentication() {
    }

    /**
     * {@code delegate}, with each refusal recorded before it is answered. Keeps the bearer token
     * for the request when {@code delegate} does (the gateway's token exchange needs it).
     */
    static Authenticator authenticator(Authenticator delegate, Auditor auditor, String server) {
        return new Authenticator() {
            @Override
            public Principal authenticate(Inbound request) throws AuthenticationException {
                try {
                    return delegate.authenticate(request);
                } catch (AuthenticationException e) {
                    auditor.refused(new Refusal(null, server, request.header("Mcp-Method"), request.header("Mcp-Name"), null,
                            e.forbidden() ? 403 : 401, e.getMessage(), request.remoteAddress(), Instant.now()));
                    throw e;
                }
            }

            @Override
            public boolean keepsBearerToken() {
                return delegate.keepsBearerToken();
            }
        };
    }

    /**
     * {@code scopes} (the resource server's scope check), with each of its own refusals recorded;
     * errors from further down the chain (a policy denial, recorded as a decision) pass untouched.
     */
    static Interceptor interceptor(Interceptor scopes, Auditor auditor, String server) {
        return chain -> {
            boolean[] passed = {false};
            try {
                return scopes.intercept(new Interceptor.Chain() {
                    @Override
                    public Request request() {
                        return chain.request();
                    }

                    @Override
                    public RequestContext context() {
                        return chain.context();
                    }

                    @Override
                    public JsonObject proceed() throws Exception {
                        passed[0] = true;
                        return chain.proceed();
                    }

                    @Override
                    public JsonObject proceed(Request request) throws Exception {
                        passed[0] = true;
                        return chain.proceed(request);
                    }

                    @Override
                    public JsonObject answer(Interceptor.Round round) throws Exception {
                        passed[0] = true;
                        return chain.answer(round);
                    }
                });
            } catch (McpException e) {
                if (!passed[0] && (e.code() == ErrorCode.FORBIDDEN || e.code() == ErrorCode.UNAUTHENTICATED)) {
                    Request r = chain.request();
                    Principal p = chain.context().principal();
                    auditor.refused(new Refusal(p, server, r.method(), target(r), chain.context().requestId().toString(),
                            e.code() == ErrorCode.FORBIDDEN ? 403 : 401, e.getMessage(), null, Instant.now()));
                }
                throw e;
            }
        };
    }

    private static String target(Request r) {
        JsonObject params = r.params();
        return params == null ? null : Methods.RESOURCES_READ.equals(r.method()) ? params.getString("uri") : params.getString("name");
    }
}
