package dev.switchboard.auth;

import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.server.Interceptor;

import java.util.Set;
import java.util.TreeSet;

/**
 * Enforces {@link ScopeRules} on the decoded request. The authenticator already refuses with a 403
 * challenge when the {@code Mcp-Method}/{@code Mcp-Name} headers show the method (2026-07-28); this
 * is the authority for what they cannot show: session-era requests, which have no such headers,
 * and any transport without them (stdio, the gateway).
 */
final class ScopeInterceptor implements Interceptor {
    private final ScopeRules rules;

    ScopeInterceptor(ScopeRules rules) {
        this.rules = rules;
    }

    @Override
    public JsonObject intercept(Chain chain) throws Exception {
        Request request = chain.request();
        String tool = request.method().equals("tools/call") && request.params() != null ? request.params().getString("name") : null;
        Set<String> required = rules.required(request.method(), tool);
        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(chain.context().principal().scopes());
        if (!missing.isEmpty()) {
            throw new McpException(ErrorCode.FORBIDDEN, OAuthResourceServer.insufficientScope(request.method(), tool, required, missing),
                    JsonObject.of("requiredScopes", JsonArray.ofStrings(required), "missingScopes", JsonArray.ofStrings(missing)));
        }
        return chain.proceed();
    }
}
