package dev.switchboard.policy.internal;

import com.google.protobuf.Timestamp;
import dev.switchboard.policy.PolicyRequest;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonBoolean;
import dev.switchboard.protocol.json.JsonNull;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import dev.switchboard.server.Principal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of the CEL variables for one request, built once per call and shared by every rule
 * evaluated for it. JSON arguments become CEL values: integers that fit a long become int, other
 * numbers double, objects maps, arrays lists, null CEL null.
 */
public final class Activation {
    private Activation() {
    }

    /** The variable map for {@code request}. */
    public static Map<String, Object> of(PolicyRequest request) {
        Principal p = request.principal();
        Map<String, Object> vars = new HashMap<>(32);
        vars.put(CelEnvironment.PRINCIPAL_ISSUER, p.issuer());
        vars.put(CelEnvironment.PRINCIPAL_SUBJECT, p.subject());
        vars.put(CelEnvironment.PRINCIPAL_SCOPES, List.copyOf(p.scopes()));
        vars.put(CelEnvironment.PRINCIPAL_ANONYMOUS, p.isAnonymous());
        vars.put(CelEnvironment.PRINCIPAL_GROUPS, List.copyOf(p.groups()));
        vars.put(CelEnvironment.PRINCIPAL_ROLES, List.copyOf(p.roles()));
        vars.put(CelEnvironment.PRINCIPAL_TENANT, p.tenant());
        vars.put(CelEnvironment.AGENT, p.agent() == null ? "" : p.agent());
        vars.put(CelEnvironment.DELEGATION, p.actors());
        vars.put(CelEnvironment.SERVER, request.server());
        vars.put(CelEnvironment.TOOL, request.target());
        vars.put(CelEnvironment.ARGS, value(request.args()));
        vars.put(CelEnvironment.REQUEST_METHOD, request.method());
        vars.put(CelEnvironment.REQUEST_TIME, Timestamp.newBuilder()
                .setSeconds(request.time().getEpochSecond()).setNanos(request.time().getNano()).build());
        vars.put(CelEnvironment.REQUEST_CLIENT_ADDRESS, request.clientAddress());
        vars.put(CelEnvironment.REQUEST_PROTOCOL_VERSION, request.protocolVersion());
        return vars;
    }

    /** The CEL value of a JSON value. */
    static Object value(Json json) {
        return switch (json) {
            case JsonObject o -> {
                Map<String, Object> map = new LinkedHashMap<>();
                o.members().forEach((k, v) -> map.put(k, value(v)));
                yield map;
            }
            case JsonArray a -> {
                List<Object> list = new ArrayList<>(a.size());
                for (Json v : a.values()) {
                    list.add(value(v));
                }
                yield list;
            }
            case JsonString s -> s.value();
            case JsonNumber n -> n.isIntegral() && n.fitsLong() ? (Object) n.longValue() : (Object) n.doubleValue();
            case JsonBoolean b -> b.value();
            case JsonNull ignored -> com.google.protobuf.NullValue.NULL_VALUE;
        };
    }
}
