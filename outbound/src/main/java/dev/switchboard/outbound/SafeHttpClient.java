package dev.switchboard.outbound;

import dev.switchboard.outbound.internal.CheckedAddressResolver;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP for fetching what strangers point us at (JWKS, metadata, introspection, crawled cards)
 * without becoming a proxy into the private network (SSRF).
 *
 * <ul>
 *   <li>Targets in any {@link AddressClass} are refused unless {@link Builder#allow allowed};
 *       a host is resolved once per connection and only checked addresses are connected to.</li>
 *   <li>Redirects are followed for GET only, at most {@link Builder#maxRedirects}, each hop
 *       checked again (scheme and address); POST answers with a redirect are failures.</li>
 *   <li>Response bodies are capped in size, the whole exchange in time, and the content type must
 *       be one the caller accepts. Non-2xx answers are failures. No cookies are kept.</li>
 * </ul>
 *
 * <pre>{@code
 * try (SafeHttpClient http = SafeHttpClient.builder().build()) {
 *     byte[] jwks = http.get(URI.create("https://as.example.com/jwks"), Set.of("application/json")).body();
 * }
 * }</pre>
 *
 * Thread-safe; blocks the calling thread. Failures are {@link OutboundException}s whose message
 * names the URL and the reason.
 */
public final class SafeHttpClient implements AutoCloseable {
    private final HttpClient jetty;
    private final int maxRedirects;
    private final int maxResponseBytes;
    private final Duration timeout;
    private final boolean allowHttp;

    private SafeHttpClient(Builder b) {
        QueuedThreadPool pool = new QueuedThreadPool(8, 1);
        pool.setName("outbound-http");
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        this.jetty = new HttpClient();
        jetty.setExecutor(pool);
        jetty.setFollowRedirects(false); // followed here, so each hop is checked again
        jetty.setSocketAddressResolver(new CheckedAddressResolver(b.resolver, b.allowed, pool));
        jetty.setConnectTimeout(b.timeout.toMillis());
        jetty.setHttpCookieStore(new HttpCookieStore.Empty());
        jetty.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, "switchboard"));
        this.maxRedirects = b.maxRedirects;
        this.maxResponseBytes = b.maxResponseBytes;
        this.timeout = b.timeout;
        this.allowHttp = b.allowHttp;
        try {
            jetty.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the outbound HTTP client", e);
        }
    }

    /** A builder with the safe defaults: public addresses only, https only, 3 redirects, 1 MiB, 10 s. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * GETs {@code uri}, following redirects.
     *
     * @param accepted media types the body may have (parameters ignored), e.g. {@code application/json}; empty accepts any
     * @throws OutboundException when refused, failed, or answered with anything but 2xx and an accepted type
     */
    public Response get(URI uri, Set<String> accepted) throws OutboundException {
        return get(uri, accepted, Map.of());
    }

    /**
     * GETs {@code uri} with extra request {@code headers}, following redirects. A conditional
     * request ({@code If-None-Match} or {@code If-Modified-Since}) may be answered
     * {@code 304 Not Modified}: that comes back as a {@link Response} with status 304 and no body,
     * for the caller to reuse what it holds.
     *
     * @param headers extra request headers; never echoed in messages
     * @throws OutboundException as for {@link #get(URI, Set)}
     */
    public Response get(URI uri, Set<String> accepted, Map<String, String> headers) throws OutboundException {
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean conditional = headers.keySet().stream()
                .anyMatch(h -> h.equalsIgnoreCase("If-None-Match") || h.equalsIgnoreCase("If-Modified-Since"));
        URI current = uri;
        for (int hop = 0; ; hop++) {
            Request request = jetty.newRequest(checkScheme(uri, current)).method(HttpMethod.GET);
            request.headers(h -> {
                headers.forEach(h::put);
                if (!accepted.isEmpty()) {
                    h.put(HttpHeader.ACCEPT, String.join(", ", accepted));
                }
            });
            ContentResponse response = exchange(uri, request, deadline);
            if (conditional && response.getStatus() == 304) {
                return new Response(current, 304, null, new byte[0], response.getHeaders().get(HttpHeader.ETAG));
            }
            if (!isRedirect(response.getStatus())) {
                return finish("GET", uri, current, response, accepted);
            }
            if (hop >= maxRedirects) {
                throw new OutboundException("GET " + uri + " failed: more than " + maxRedirects + " redirects");
            }
            String location = response.getHeaders().get(HttpHeader.LOCATION);
            if (location == null) {
                throw new OutboundException("GET " + current + " answered " + response.getStatus() + " without a Location");
            }
            current = current.resolve(location);
        }
    }

    /**
     * POSTs {@code body} to {@code uri}; redirects are not followed.
     *
     * @param headers extra request headers (e.g. {@code Authorization}); never echoed in messages
     * @throws OutboundException as for {@link #get}
     */
    public Response post(URI uri, String contentType, byte[] body, Map<String, String> headers, Set<String> accepted)
            throws OutboundException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Request request = jetty.newRequest(checkScheme(uri, uri)).method(HttpMethod.POST)
                .body(new BytesRequestContent(contentType, body));
        request.headers(h -> {
            headers.forEach(h::put);
            if (!accepted.isEmpty()) {
                h.put(HttpHeader.ACCEPT, String.join(", ", accepted));
            }
        });
        ContentResponse response = exchange(uri, request, deadline);
        if (isRedirect(response.getStatus())) {
            throw new OutboundException("POST " + uri + " answered a redirect (" + response.getStatus() + "), which is not followed");
        }
        return finish("POST", uri, uri, response, accepted);
    }

    private URI checkScheme(URI original, URI target) throws OutboundException {
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowHttp && scheme.equals("http"))) {
            throw new OutboundException(original.equals(target)
                    ? "refused " + target + ": only https URLs may be fetched" + (allowHttp ? " (or http)" : "")
                    : "refused the redirect from " + original + " to " + target + ": only https URLs may be fetched");
        }
        if (target.getHost() == null || target.getRawUserInfo() != null) {
            throw new OutboundException("refused " + target + ": it needs a host and no user info");
        }
        return target;
    }

    private ContentResponse exchange(URI original, Request request, long deadline) throws OutboundException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new OutboundException(request.getMethod() + " " + original + " took longer than " + timeout.toMillis() + " ms");
        }
        request.timeout(remaining, TimeUnit.NANOSECONDS);
        try {
            return new CompletableResponseListener(request, maxResponseBytes).send().get(remaining, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw new OutboundException(request.getMethod() + " " + original + " was interrupted", e);
        } catch (TimeoutException e) {
            request.abort(e);
            throw new OutboundException(request.getMethod() + " " + original + " took longer than " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            throw failure(request, original, e.getCause());
        }
    }

    private OutboundException failure(Request request, URI original, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof OutboundException refused) {
                return new OutboundException(request.getMethod() + " " + original + ": " + refused.getMessage(), refused);
            }
            if (t instanceof TimeoutException) {
                return new OutboundException(request.getMethod() + " " + original + " took longer than " + timeout.toMillis() + " ms", t);
            }
            if (t instanceof IllegalArgumentException && String.valueOf(t.getMessage()).contains("capacity")) {
                return new OutboundException(request.getMethod() + " " + original + " failed: the response is larger than "
                        + maxResponseBytes + " bytes", t);
            }
        }
        return new OutboundException(request.getMethod() + " " + original + " failed: " + cause, cause);
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static Response finish(String method, URI original, URI current, ContentResponse response, Set<String> accepted)
            throws OutboundException {
        int status = response.getStatus();
        if (status < 200 || status > 299) {
            throw new OutboundException(method + " " + current + (current.equals(original) ? "" : " (redirected from " + original + ")")
                    + " answered " + status, status);
        }
        String type = response.getHeaders().get(HttpHeader.CONTENT_TYPE);
        String base = type == null ? "" : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!accepted.isEmpty() && !accepted.contains(base)) {
            throw new OutboundException(current + " answered with Content-Type " + (type == null ? "(none)" : type)
                    + ", expected one of " + accepted);
        }
        return new Response(current, status, base, response.getContent(), response.getHeaders().get(HttpHeader.ETAG));
    }

    /** Stops the client and its threads. */
    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            throw new IllegalStateException("failed to stop the outbound HTTP client", e);
        }
    }

    /**
     * A successful answer.
     *
     * @param uri         where it finally came from (after redirects)
     * @param status      the 2xx status, or 304 for a conditional GET whose copy is still current
     * @param contentType the media type, lowercase, without parameters (null with 304)
     * @param body        the body, at most the configured size (empty with 304)
     * @param etag        the {@code ETag} header, for a later {@code If-None-Match}, or null
     */
    public record Response(URI uri, int status, String contentType, byte[] body, String etag) {
        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Configures a {@link SafeHttpClient}. */
    public static final class Builder {
        private Resolver resolver = Resolver.SYSTEM;
        private final Set<AddressClass> allowed = EnumSet.noneOf(AddressClass.class);
        private boolean allowHttp;
        private int maxRedirects = 3;
        private int maxResponseBytes = 1024 * 1024;
        private Duration timeout = Duration.ofSeconds(10);

        private Builder() {
        }

        /** How host names become addresses (default: the system resolver). */
        public Builder resolver(Resolver resolver) {
            this.resolver = Objects.requireNonNull(resolver, "resolver");
            return this;
        }

        /** Lets requests reach addresses of these classes (e.g. {@link AddressClass#LOOPBACK} for a local AS). */
        public Builder allow(AddressClass... classes) {
            allowed.addAll(Set.of(classes));
            return this;
        }

        /** Lets requests use plain {@code http} URLs (default: https only). */
        public Builder allowHttp(boolean allowHttp) {
            this.allowHttp = allowHttp;
            return this;
        }

        /** How many redirects a GET may follow (default 3). */
        public Builder maxRedirects(int maxRedirects) {
            this.maxRedirects = maxRedirects;
            return this;
        }

        /** The largest response body accepted (default 1 MiB). */
        public Builder maxResponseBytes(int maxResponseBytes) {
            this.maxResponseBytes = maxResponseBytes;
            return this;
        }

        /** How long one call may take in all, redirects included (default 10 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** Starts the client. */
        public SafeHttpClient build() {
            return new SafeHttpClient(this);
        }
    }
}
