package dev.switchboard.outbound;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SSRF guard. Names resolve through a test resolver, so every refused class is exercised
 * without DNS, and the only server that could be reached listens on 127.0.0.1.
 */
class SafeHttpClientTest {
    private static final Set<String> JSON = Set.of("application/json");
    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private SafeHttpClient client;

    /** {@code <address>.addr.test} resolves to that address (x for :), {@code as.test} to loopback. */
    private final Resolver resolver = host -> {
        lookups.incrementAndGet();
        return switch (host) {
            case "as.test" -> List.of(InetAddress.getByName("127.0.0.1"));
            case "mixed.test" -> List.of(InetAddress.getByName("10.0.0.7"), InetAddress.getByName("127.0.0.1"));
            default -> {
                if (host.endsWith(".addr.test")) {
                    yield List.of(InetAddress.getByName(host.substring(0, host.length() - ".addr.test".length()).replace('x', ':')));
                }
                throw new UnknownHostException(host);
            }
        };
    };

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor()); // a slow answer must not hold up the others
        server.start();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        server.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        requests.add(exchange.getRequestMethod() + " " + path + " host=" + exchange.getRequestHeaders().getFirst("Host"));
        switch (path) {
            case "/jwks" -> send(exchange, 200, "application/json; charset=utf-8", "{\"keys\":[]}");
            case "/html" -> send(exchange, 200, "text/html", "<p>no</p>");
            case "/big" -> send(exchange, 200, "application/json", "[" + "0,".repeat(2000) + "0]");
            case "/slow" -> {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                send(exchange, 200, "application/json", "{}");
            }
            case "/missing" -> send(exchange, 404, "application/json", "{}");
            case "/tagged" -> {
                exchange.getResponseHeaders().add("ETag", "\"v1\"");
                if ("\"v1\"".equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                    send(exchange, 304, "application/json", "");
                } else {
                    send(exchange, 200, "application/json", "{\"v\":1}");
                }
            }
            default -> {
                // /to/<url-encoded target>: a redirect there
                if (path.startsWith("/to/")) {
                    exchange.getResponseHeaders().add("Location", path.substring(4).replace('!', '/'));
                    send(exchange, 302, "text/plain", "");
                } else {
                    send(exchange, 500, "text/plain", "unexpected " + path);
                }
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private SafeHttpClient loopbackAllowed() {
        return client = SafeHttpClient.builder().resolver(resolver).allow(AddressClass.LOOPBACK).allowHttp(true)
                .maxResponseBytes(1000).timeout(Duration.ofSeconds(1)).build();
    }

    private URI at(String host, String path) {
        return URI.create("http://" + host + ":" + server.getAddress().getPort() + path);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            "127.0.0.1.addr.test, LOOPBACK", "10.1.2.3.addr.test, PRIVATE", "172.20.0.1.addr.test, PRIVATE",
            "192.168.1.1.addr.test, PRIVATE", "169.254.169.254.addr.test, LINK_LOCAL", "fe80xx1.addr.test, LINK_LOCAL",
            "fd12x3456xx1.addr.test, UNIQUE_LOCAL", "100.64.0.1.addr.test, CGNAT", "64xff9bxx7f00x1.addr.test, NAT64",
            "xx1.addr.test, LOOPBACK", "0.0.0.0.addr.test, NOT_UNICAST", "224.0.0.1.addr.test, NOT_UNICAST"})
    void refusesEachAddressClassBeforeConnecting(String host, AddressClass kind) {
        String name = host; // x stands for ':' in the name: xx1 is ::1
        client = SafeHttpClient.builder().resolver(resolver).allowHttp(true).build();
        assertThatThrownBy(() -> client.get(at(name, "/jwks"), JSON))
                .isInstanceOf(OutboundException.class)
                .hasMessageContaining("refused to connect to " + name)
                .hasMessageContaining(kind.description());
        assertThat(requests).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"[::ffff:127.0.0.1], IPV4_MAPPED", "[::ffff:a9fe:a9fe], IPV4_MAPPED", "[::1], LOOPBACK", "127.0.0.1, LOOPBACK",
            "[::a00:1], IPV4_MAPPED"})
    void refusesAddressLiteralsByTheirClass(String host, AddressClass kind) {
        // loopback is allowed here: a mapped address must not sneak 127.0.0.1 through as "IPv6"
        client = SafeHttpClient.builder().resolver(resolver).allowHttp(true)
                .allow(kind == AddressClass.LOOPBACK ? AddressClass.CGNAT : AddressClass.LOOPBACK).build();
        assertThatThrownBy(() -> client.get(at(host, "/jwks"), JSON))
                .isInstanceOf(OutboundException.class).hasMessageContaining(kind.description());
        assertThat(requests).isEmpty();
    }

    @Test
    void classifiesPublicAddressesAsNothing() throws UnknownHostException {
        assertThat(AddressClass.of(InetAddress.getByName("93.184.215.14"))).isNull();
        assertThat(AddressClass.of(InetAddress.getByName("2606:4700::1111"))).isNull();
        assertThat(AddressClass.of(InetAddress.getByName("100.128.0.1"))).isNull();
        assertThat(AddressClass.of(InetAddress.getByName("172.32.0.1"))).isNull();
    }

    @Test
    void fetchesFromAnAllowedClassWithTheNameInTheHostHeader() throws Exception {
        SafeHttpClient.Response response = loopbackAllowed().get(at("as.test", "/jwks"), JSON);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/json");
        assertThat(response.text()).isEqualTo("{\"keys\":[]}");
        assertThat(requests).containsExactly("GET /jwks host=as.test:" + server.getAddress().getPort());
    }

    @Test
    void connectsOnlyToTheAddressThatPassedAndResolvesOnce() throws Exception {
        // 10.0.0.7 is dropped; the connection goes to 127.0.0.1, which answers
        assertThat(loopbackAllowed().get(at("mixed.test", "/jwks"), JSON).status()).isEqualTo(200);
        assertThat(lookups).hasValue(1);
    }

    @Test
    void refusesPlainHttpUnlessAllowed() {
        client = SafeHttpClient.builder().resolver(resolver).allow(AddressClass.LOOPBACK).build();
        assertThatThrownBy(() -> client.get(at("as.test", "/jwks"), JSON))
                .isInstanceOf(OutboundException.class).hasMessageContaining("only https");
        assertThat(requests).isEmpty();
    }

    @Test
    void checksEveryRedirectHopAgain() {
        String port = String.valueOf(server.getAddress().getPort());
        URI toPrivate = at("as.test", "/to/http:!!10.9.9.9.addr.test:" + port + "!jwks");
        assertThatThrownBy(() -> loopbackAllowed().get(toPrivate, JSON))
                .isInstanceOf(OutboundException.class).hasMessageContaining("10.9.9.9").hasMessageContaining("private");
        assertThat(requests).hasSize(1);
    }

    @Test
    void followsABoundedNumberOfRedirects() throws Exception {
        assertThat(loopbackAllowed().get(at("as.test", "/to/!jwks"), JSON).text()).contains("keys");
        client.close();
        requests.clear();
        // two redirects: an absolute one back to /to/!jwks, then a relative one to /jwks
        URI twice = at("as.test", "/to/http:!!as.test:" + server.getAddress().getPort() + "!to!!jwks");
        client = SafeHttpClient.builder().resolver(resolver).allow(AddressClass.LOOPBACK).allowHttp(true).maxRedirects(1).build();
        assertThatThrownBy(() -> client.get(twice, JSON))
                .isInstanceOf(OutboundException.class).hasMessageContaining("more than 1 redirects");
        assertThat(requests).hasSize(2);
    }

    @Test
    void capsTheResponseSize() {
        assertThatThrownBy(() -> loopbackAllowed().get(at("as.test", "/big"), JSON))
                .isInstanceOf(OutboundException.class).hasMessageContaining("larger than 1000 bytes");
    }

    @Test
    void capsTheTime() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> loopbackAllowed().get(at("as.test", "/slow"), JSON))
                .isInstanceOf(OutboundException.class).hasMessageContaining("took longer than 1000 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2900));
    }

    @Test
    void checksTheContentTypeAndStatus() {
        assertThatThrownBy(() -> loopbackAllowed().get(at("as.test", "/html"), JSON))
                .isInstanceOf(OutboundException.class).hasMessageContaining("Content-Type text/html");
        assertThatThrownBy(() -> client.get(at("as.test", "/missing"), JSON))
                .isInstanceOf(OutboundException.class).hasMessageContaining("answered 404");
    }

    @Test
    void doesNotFollowRedirectsForPost() {
        assertThatThrownBy(() -> loopbackAllowed().post(at("as.test", "/to/!jwks"), "application/x-www-form-urlencoded",
                "token=x".getBytes(StandardCharsets.UTF_8), Map.of("Authorization", "Basic c2VjcmV0"), JSON))
                .isInstanceOf(OutboundException.class).hasMessageContaining("not followed")
                .message().doesNotContain("c2VjcmV0");
        assertThat(requests).containsExactly("POST /to/!jwks host=as.test:" + server.getAddress().getPort());
    }

    @Test
    void revalidatesWithTheETagAndReportsNotModified() throws Exception {
        SafeHttpClient.Response first = loopbackAllowed().get(at("as.test", "/tagged"), JSON);
        assertThat(first.etag()).isEqualTo("\"v1\"");
        assertThat(first.text()).isEqualTo("{\"v\":1}");
        SafeHttpClient.Response again = client.get(at("as.test", "/tagged"), JSON, Map.of("If-None-Match", first.etag()));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(client.get(at("as.test", "/tagged"), JSON, Map.of("If-None-Match", "\"v0\"")).status()).isEqualTo(200);
    }

    @Test
    void anUnacceptedStatusIsKeptForRetryDecisions() {
        assertThatThrownBy(() -> loopbackAllowed().get(at("as.test", "/missing"), JSON))
                .isInstanceOfSatisfying(OutboundException.class, e -> assertThat(e.status()).isEqualTo(404));
        assertThatThrownBy(() -> client.get(at("10.0.0.1.addr.test", "/jwks"), JSON))
                .isInstanceOfSatisfying(OutboundException.class, e -> assertThat(e.status()).isZero());
    }
}
