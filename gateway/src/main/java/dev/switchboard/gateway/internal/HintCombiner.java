package dev.switchboard.gateway.internal;

import dev.switchboard.gateway.internal.UpstreamCatalog.ListKind;
import dev.switchboard.protocol.CacheScope;
import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.server.Interceptor;

import java.util.function.Supplier;

/**
 * The innermost interceptor of a gateway: lowers the caching hints of each cacheable result to
 * what the upstreams behind it promised ({@link CacheHints#and}), so a client never caches a
 * gateway answer longer, or shares it more widely, than any upstream allowed. Lists use the hint
 * combined over the upstreams that contribute to them; a read uses the hint of that upstream's
 * answer (0 and private when unknown).
 */
public final class HintCombiner implements Interceptor {
    private final Supplier<Federation> federation;

    /** Combines with the hints of the federation {@code federation} supplies now. */
    public HintCombiner(Supplier<Federation> federation) {
        this.federation = federation;
    }

    @Override
    public JsonObject intercept(Chain chain) throws Exception {
        String method = chain.request().method();
        ListKind kind = switch (method) {
            case Methods.SERVER_DISCOVER -> ListKind.DISCOVER;
            case Methods.TOOLS_LIST -> ListKind.TOOLS;
            case Methods.RESOURCES_LIST -> ListKind.RESOURCES;
            case Methods.RESOURCES_TEMPLATES_LIST -> ListKind.TEMPLATES;
            case Methods.PROMPTS_LIST -> ListKind.PROMPTS;
            default -> null;
        };
        if (Methods.RESOURCES_READ.equals(method)) {
            ReadHints.open();
            JsonObject result;
            try {
                result = chain.proceed();
            } catch (Exception | Error e) {
                ReadHints.take();
                throw e;
            }
            CacheHints read = ReadHints.take();
            return lower(result, read == null ? CacheHints.NONE : read);
        }
        JsonObject result = chain.proceed();
        if (kind == null) {
            return result;
        }
        CacheHints upstream = federation.get().hints().get(kind);
        return upstream == null ? result : lower(result, upstream);
    }

    private static JsonObject lower(JsonObject result, CacheHints upstream) {
        if (!(result.get("ttlMs") instanceof JsonNumber ttl) || !ttl.fitsLong()) {
            return result; // not a cacheable result (input_required, or a session-era shape)
        }
        CacheHints own = CacheHints.of(ttl.longValue(), CacheScope.fromWire(result.getString("cacheScope")));
        CacheHints combined = own.and(upstream);
        return result.with("ttlMs", Json.of(combined.ttlMs())).with("cacheScope", Json.of(combined.scope().wire()));
    }
}
