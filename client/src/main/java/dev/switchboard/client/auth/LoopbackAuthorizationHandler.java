package dev.switchboard.client.auth;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The authorization step for desktop and command-line apps (RFC 8252): a listener on a loopback
 * port receives the redirect at {@code http://127.0.0.1:<port>/callback}, and the user is sent to
 * the authorization page by a {@code presenter} (open a browser, print the URL, or both).
 *
 * <p>The port is bound when the handler is created and held until {@link #close()}, so the
 * redirect URI stays the same for registration and every authorization.
 */
public final class LoopbackAuthorizationHandler implements AuthorizationHandler, AutoCloseable {
    private static final String PATH = "/callback";
    private static final byte[] PAGE = ("<!doctype html><title>Authorized</title><p>Authorization is complete."
            + " You can close this window and return to the application.").getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final URI redirectUri;
    private final Consumer<URI> presenter;
    private final Duration timeout;
    private final AtomicReference<CompletableFuture<URI>> waiting = new AtomicReference<>();

    private LoopbackAuthorizationHandler(int port, Consumer<URI> presenter, Duration timeout) throws IOException {
        this.presenter = Objects.requireNonNull(presenter, "presenter");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8);
        this.redirectUri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
        server.createContext(PATH, exchange -> {
            try (exchange) {
                URI received = URI.create(redirectUri + (exchange.getRequestURI().getRawQuery() == null ? ""
                        : "?" + exchange.getRequestURI().getRawQuery()));
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, PAGE.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(PAGE);
                }
                CompletableFuture<URI> f = waiting.get();
                if (f != null) {
                    f.complete(received);
                }
            }
        });
        server.setExecutor(null);
        server.start();
    }

    /**
     * A handler on {@code port} (0: any free one) that hands each authorization URL to
     * {@code presenter} and waits up to {@code timeout} for the redirect.
     *
     * @throws IOException when the port cannot be bound
     */
    public static LoopbackAuthorizationHandler create(int port, Consumer<URI> presenter, Duration timeout) throws IOException {
        return new LoopbackAuthorizationHandler(port, presenter, timeout);
    }

    /**
     * A handler on a free port that prints the URL to {@code out} and also opens it in the desktop
     * browser when there is one; waits up to 5 minutes.
     *
     * @throws IOException when no loopback port can be bound
     */
    public static LoopbackAuthorizationHandler browserOrPrint(Consumer<String> out) throws IOException {
        return create(0, url -> {
            out.accept("Open this URL to authorize: " + url);
            browse(url);
        }, Duration.ofMinutes(5));
    }

    @Override
    public URI redirectUri() {
        return redirectUri;
    }

    @Override
    public URI authorize(URI authorizationUrl) throws Exception {
        CompletableFuture<URI> f = new CompletableFuture<>();
        waiting.set(f);
        try {
            presenter.accept(authorizationUrl);
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AuthorizationException("No authorization response arrived at " + redirectUri + " within "
                    + timeout.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new AuthorizationException("Authorization failed: " + e.getCause(), e.getCause());
        } finally {
            waiting.compareAndSet(f, null);
        }
    }

    /** Stops listening. */
    @Override
    public void close() {
        server.stop(0);
    }

    /** Opens {@code url} in the desktop browser if this JVM has one; otherwise does nothing. */
    public static void browse(URI url) {
        try {
            if (!java.awt.GraphicsEnvironment.isHeadless() && java.awt.Desktop.isDesktopSupported()
                    && java.awt.Desktop.getDesktop().isSupported(java.awt.Desktop.Action.BROWSE)) {
                java.awt.Desktop.getDesktop().browse(url);
            }
        } catch (Exception | LinkageError e) {
            // no browser here: the printed URL is the way
        }
    }
}
