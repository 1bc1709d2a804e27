package dev.switchboard.registry.publish;

import dev.switchboard.http.ApiRoute;
import dev.switchboard.http.Route;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.registry.Registry;
import dev.switchboard.registry.Registry.Change;
import dev.switchboard.registry.Registry.Submission;
import dev.switchboard.registry.api.RegistryApi;
import dev.switchboard.registry.api.ServerResponses;
import dev.switchboard.registry.entry.InvalidEntryException;
import dev.switchboard.registry.entry.Precedence;
import dev.switchboard.registry.entry.Provenance;
import dev.switchboard.registry.entry.ServerJson;
import dev.switchboard.registry.entry.ServerNames;
import dev.switchboard.state.seal.SealException;
import dev.switchboard.state.seal.Sealer;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Publishing, as the official registry does it over HTTP:
 * <ol>
 *   <li>{@code POST /v0.1/auth/http} with {@code {domain, timestamp, signedTimestamp}}: a
 *       {@link NamespaceProof} for the domain earns a short-lived registry token for its namespace
 *       ({@code {registry_token, expires_at}}).</li>
 *   <li>{@code POST /v0.1/publish} with {@code Authorization: Bearer <token>} and a
 *       {@code server.json}: stored when its name is in the token's namespace, it is valid, and its
 *       version is new (a published version is immutable).</li>
 * </ol>
 * Published entries rank below operator files and above crawled cards. Failures are
 * {@code {"error"}} documents: 400 invalid, 401 no or bad token, 403 other namespace, 409 the
 * version exists or a stronger source owns the name, 415 not JSON.
 */
public final class Publishing {
    /** The source id of published entries. */
    public static final String SOURCE = "publish";
    static final Duration TOKEN_TTL = Duration.ofMinutes(15);
    private static final String PURPOSE = "registry-publisher";

    private final Registry registry;
    private final NamespaceProof proof;
    private final Sealer sealer;
    private final Clock clock;

    /** Publishing into {@code registry}, with tokens sealed by {@code sealer}. */
    public Publishing(Registry registry, NamespaceProof proof, Sealer sealer, Clock clock) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.proof = Objects.requireNonNull(proof, "proof");
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * {@code api} with publishing in front: {@code /v0.1/auth/http} and {@code /v0.1/publish} are
     * answered here (POST only), every other path by {@code api}.
     */
    public ApiRoute before(ApiRoute api) {
        return request -> {
            String path = request.rawPath();
            boolean auth = path.equals(RegistryApi.PREFIX + "/auth/http");
            if (!auth && !path.equals(RegistryApi.PREFIX + "/publish")) {
                return api.handle(request);
            }
            if (!request.method().equals("POST")) {
                return error(405, request.method() + " is not allowed here; use POST").withHeader("Allow", "POST");
            }
            return auth ? authenticate(request) : publish(request);
        };
    }

    /** {@code POST /v0.1/auth/http}. */
    public Route.Reply authenticate(ApiRoute.Request request) {
        JsonObject body;
        try {
            body = jsonBody(request);
        } catch (Refusal r) {
            return r.reply();
        }
        String namespace;
        try {
            namespace = proof.verify(body.getString("domain"), body.getString("timestamp"), body.getString("signedTimestamp"));
        } catch (NamespaceProof.ProofException e) {
            return error(401, "namespace proof refused: " + e.getMessage());
        }
        String token = sealer.seal(PURPOSE, "", TOKEN_TTL, JsonObject.of("ns", Json.of(namespace)));
        return json(200, JsonObject.of("registry_token", Json.of(token),
                "expires_at", JsonNumber.of(clock.instant().plus(TOKEN_TTL).getEpochSecond()),
                "namespace", Json.of(namespace)));
    }

    /** {@code POST /v0.1/publish}. */
    public Route.Reply publish(ApiRoute.Request request) {
        String token = request.bearerToken();
        if (token == null) {
            return error(401, "publishing needs Authorization: Bearer <registry token> (from POST /v0.1/auth/http)")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"registry\"");
        }
        String namespace;
        try {
            namespace = sealer.open(PURPOSE, "", token).getString("ns");
        } catch (SealException e) {
            return error(401, "the registry token is not valid (" + e.getMessage() + "); get a new one from POST /v0.1/auth/http")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"registry\", error=\"invalid_token\"");
        }
        JsonObject document;
        ServerJson server;
        try {
            document = jsonBody(request);
            server = ServerJson.parse(document);
        } catch (Refusal r) {
            return r.reply();
        } catch (InvalidEntryException e) {
            return error(400, e.getMessage());
        }
        if (!ServerNames.namespace(server.name()).equals(namespace)) {
            return error(403, "your token is for the namespace " + namespace + ", so you may publish " + namespace
                    + "/..., not " + server.name());
        }
        Provenance p = new Provenance(SOURCE, "POST /v0.1/publish by " + namespace, Precedence.PUBLISHED);
        synchronized (this) { // one check-then-store at a time, so a version is published once
            if (registry.get(server.name(), server.version()).isPresent()) {
                return error(409, server.name() + " version " + server.version()
                        + " is already published, and published versions cannot change; publish a new version");
            }
            if (registry.offer(Submission.of(p, document)) == Change.REJECTED) {
                return error(409, registry.rejection(p, server.name(), server.version()).map(r -> r.reason())
                        .orElse("refused"));
            }
        }
        return json(200, ServerResponses.of(registry.get(server.name(), server.version()).orElseThrow()));
    }

    private static JsonObject jsonBody(ApiRoute.Request request) {
        String type = request.header("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new Refusal(415, "Content-Type must be application/json, got " + (type == null ? "none" : type));
        }
        Json json;
        try {
            json = Wire.parse(request.body());
        } catch (McpException e) {
            throw new Refusal(400, "the body is not valid JSON: " + e.getMessage().replaceFirst("^Parse error: ", ""));
        }
        if (!(json instanceof JsonObject o)) {
            throw new Refusal(400, "the body must be a JSON object, got " + json.kind());
        }
        return o;
    }

    private static final class Refusal extends RuntimeException {
        private final int status;

        Refusal(int status, String message) {
            super(message);
            this.status = status;
        }

        Route.Reply reply() {
            return error(status, getMessage());
        }
    }

    private static Route.Reply error(int status, String message) {
        return json(status, JsonObject.of("error", Json.of(message)));
    }

    private static Route.Reply json(int status, JsonObject body) {
        return new Route.Reply(status, "application/json", Wire.write(body));
    }
}
