package dev.switchboard.gateway;

import dev.switchboard.client.Era;
import dev.switchboard.gateway.pinning.PinMode;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One upstream MCP server of a {@link Gateway}, declared by name.
 *
 * <pre>{@code
 * UpstreamConfig files = UpstreamConfig.stdio("files", List.of("npx", "-y", "@modelcontextprotocol/server-filesystem", "/srv"))
 *     .withPrefix("")                                   // serve its names unchanged unless they collide
 *     .withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30));
 * }</pre>
 *
 * @param name           unique, {@code [a-z][a-z0-9-]*} up to 32 characters; names the upstream in
 *                       logs, errors, {@code /healthz}, and qualifies colliding names and URIs
 * @param transport      how to reach it
 * @param era            which protocol era to speak ({@link Era#AUTO} probes)
 * @param prefix         put before its tool and prompt names as {@code prefix__name}; {@code ""}
 *                       serves them unchanged (unless they collide); null means the name
 * @param connectTimeout how long connecting (and a stdio server's start and handshake) may take
 * @param requestTimeout how long one forwarded request may take
 * @param maxConcurrent  most requests in flight to it at once
 * @param queueTimeout   how long a request over {@code maxConcurrent} waits for a slot before it
 *                       is refused
 * @param maxResultBytes largest response accepted from it; a larger one fails the request
 * @param pinning        what happens to a tool definition that is not the pinned one (see
 *                       {@link PinMode}; default {@link PinMode#BLOCK})
 * @param auth           the gateway's OAuth credentials for an HTTP upstream (see {@link UpstreamAuth}),
 *                       or null for the static ones of {@link Http} (or none)
 */
public record UpstreamConfig(String name, Transport transport, Era era, String prefix, Duration connectTimeout,
                             Duration requestTimeout, int maxConcurrent, Duration queueTimeout, long maxResultBytes,
                             PinMode pinning, UpstreamAuth auth) {
    private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9-]{0,31}$");
    private static final Pattern PREFIX = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9_.-]{0,31})?$");

    /** Checks every setting. */
    public UpstreamConfig {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("upstream name \"" + name
                    + "\" must be 1 to 32 characters of a-z 0-9 and -, starting with a letter");
        }
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(era, "era");
        if (prefix != null && !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("upstream " + name + ": prefix \"" + prefix
                    + "\" must be empty or up to 32 characters of A-Z a-z 0-9 _ . - (starting with a letter or digit)");
        }
        positive(name, "connectTimeout", connectTimeout);
        positive(name, "requestTimeout", requestTimeout);
        positive(name, "queueTimeout", queueTimeout);
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("upstream " + name + ": maxConcurrent must be at least 1, got " + maxConcurrent);
        }
        if (maxResultBytes < 1024) {
            throw new IllegalArgumentException("upstream " + name + ": maxResultBytes must be at least 1024, got " + maxResultBytes);
        }
        Objects.requireNonNull(pinning, "pinning");
        if (auth != null) {
            if (!(transport instanceof Http http)) {
                throw new IllegalArgumentException("upstream " + name + ": auth is for HTTP upstreams; give a stdio server its"
                        + " credentials in its environment");
            }
            if (http.bearerToken() != null) {
                throw new IllegalArgumentException("upstream " + name + ": give either a static bearer token or auth, not both");
            }
            if (auth instanceof UpstreamAuth.TokenExchange && era == Era.LEGACY) {
                throw new IllegalArgumentException("upstream " + name + ": token exchange needs a 2026-07-28 upstream;"
                        + " a session-era session is shared by every caller");
            }
        }
    }

    /** An upstream over Streamable HTTP at {@code url}, with the defaults (see {@link #withDefaults}). */
    public static UpstreamConfig http(String name, URI url) {
        return withDefaults(name, new Http(url, Map.of(), null));
    }

    /** An upstream the gateway starts as {@code command} and speaks to over stdio, with the defaults. */
    public static UpstreamConfig stdio(String name, List<String> command) {
        return withDefaults(name, new Stdio(command, Map.of(), null));
    }

    /**
     * {@code transport} with the defaults: era auto, prefix = name, connect 10 s, request 60 s,
     * 32 concurrent requests, wait 5 s for a slot, results up to 16 MiB, pinning {@code block}.
     */
    public static UpstreamConfig withDefaults(String name, Transport transport) {
        return new UpstreamConfig(name, transport, Era.AUTO, null, Duration.ofSeconds(10), Duration.ofSeconds(60), 32,
                Duration.ofSeconds(5), 16L * 1024 * 1024, PinMode.BLOCK, null);
    }

    /** The prefix in effect: {@link #prefix()}, or the name when none was set. */
    public String effectivePrefix() {
        return prefix == null ? name : prefix;
    }

    /** This upstream with another era. */
    public UpstreamConfig withEra(Era era) {
        return new UpstreamConfig(name, transport, era, prefix, connectTimeout, requestTimeout, maxConcurrent,
                queueTimeout, maxResultBytes, pinning, auth);
    }

    /** This upstream with another prefix ({@code ""}: unchanged names; null: the name). */
    public UpstreamConfig withPrefix(String prefix) {
        return new UpstreamConfig(name, transport, era, prefix, connectTimeout, requestTimeout, maxConcurrent,
                queueTimeout, maxResultBytes, pinning, auth);
    }

    /** This upstream with other timeouts. */
    public UpstreamConfig withTimeouts(Duration connect, Duration request) {
        return new UpstreamConfig(name, transport, era, prefix, connect, request, maxConcurrent, queueTimeout,
                maxResultBytes, pinning, auth);
    }

    /** This upstream with another concurrency limit and wait for a slot. */
    public UpstreamConfig withConcurrency(int maxConcurrent, Duration queueTimeout) {
        return new UpstreamConfig(name, transport, era, prefix, connectTimeout, requestTimeout, maxConcurrent,
                queueTimeout, maxResultBytes, pinning, auth);
    }

    /** This upstream with another result size cap. */
    public UpstreamConfig withMaxResultBytes(long maxResultBytes) {
        return new UpstreamConfig(name, transport, era, prefix, connectTimeout, requestTimeout, maxConcurrent,
                queueTimeout, maxResultBytes, pinning, auth);
    }

    /** This upstream with another pinning mode. */
    public UpstreamConfig withPinning(PinMode pinning) {
        return new UpstreamConfig(name, transport, era, prefix, connectTimeout, requestTimeout, maxConcurrent,
                queueTimeout, maxResultBytes, pinning, auth);
    }

    /** This upstream with OAuth credentials (null: the static ones of its transport). */
    public UpstreamConfig withAuth(UpstreamAuth auth) {
        return new UpstreamConfig(name, transport, era, prefix, connectTimeout, requestTimeout, maxConcurrent,
                queueTimeout, maxResultBytes, pinning, auth);
    }

    private static void positive(String upstream, String what, Duration d) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("upstream " + upstream + ": " + what + " must be positive, got " + d);
        }
    }

    /** How an upstream is reached. */
    public sealed interface Transport permits Http, Stdio {
    }

    /**
     * Streamable HTTP.
     *
     * @param url         the MCP endpoint
     * @param headers     sent on every request (values are secrets: never logged)
     * @param bearerToken sent as {@code Authorization: Bearer}, or null. It is the gateway's own
     *                    credential: a client's {@code Authorization} header never goes upstream.
     */
    public record Http(URI url, Map<String, String> headers, String bearerToken) implements Transport {
        /** Checks the URL and copies the headers. */
        public Http {
            Objects.requireNonNull(url, "url");
            if (!"http".equalsIgnoreCase(url.getScheme()) && !"https".equalsIgnoreCase(url.getScheme())
                    || url.getHost() == null) {
                throw new IllegalArgumentException("upstream url must be an http or https URL with a host, got " + url);
            }
            headers = Map.copyOf(new LinkedHashMap<>(headers));
            if (headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("authorization"))) {
                throw new IllegalArgumentException("give the upstream's Authorization as its bearer token, not as a header");
            }
        }

        /** Names the URL and header names only: the values may be secrets. */
        @Override
        public String toString() {
            return "Http[url=" + url + ", headers=" + headers.keySet() + ", bearerToken=" + (bearerToken == null ? "none" : "***") + "]";
        }
    }

    /**
     * A child process speaking newline-delimited JSON-RPC on stdin and stdout.
     *
     * @param command     the program and its arguments
     * @param environment variables added to (or, with a null value, removed from) the gateway's
     *                    own environment; values are never logged
     * @param directory   its working directory, or null for the gateway's
     */
    public record Stdio(List<String> command, Map<String, String> environment, Path directory) implements Transport {
        /** Checks the command and copies the lists. */
        public Stdio {
            command = List.copyOf(command);
            if (command.isEmpty() || command.getFirst().isBlank()) {
                throw new IllegalArgumentException("a stdio upstream needs a command");
            }
            environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        }

        /** Names the command and variable names only: the values may be secrets. */
        @Override
        public String toString() {
            return "Stdio[command=" + command + ", environment=" + environment.keySet() + ", directory=" + directory + "]";
        }
    }
}
