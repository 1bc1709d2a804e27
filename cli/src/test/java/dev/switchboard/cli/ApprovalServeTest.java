package dev.switchboard.cli;

import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.client.McpClient;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code serve --policy} with require_approval and limit rules, as the command wires them: page, approval, 429. */
@Timeout(60)
class ApprovalServeTest {
    static final String BUNDLE = """
            rules:
              - id: arithmetic
                match: {tools: [add]}
                effect: allow
                limit: {rate: 3/1m, per: [principal]}
              - id: big-sums
                match: {tools: [add]}
                when: args.a > 1000
                effect: require_approval
                reason: big numbers need a human
            """;

    @TempDir
    Path dir;

    private ServeCommand.Running serve(String... args) throws Exception {
        ServeCommand cmd = new ServeCommand();
        new CommandLine(cmd).parseArgs(args);
        return cmd.start(cmd.resolve(Map.of()));
    }

    @Test
    void aPersonApprovesOnThePageServedBesideTheEndpointAndLimitsAnswer429() throws Exception {
        Path bundle = Files.writeString(dir.resolve("policy.yaml"), BUNDLE);
        List<String> seen = new CopyOnWriteArrayList<>();
        try (ServeCommand.Running s = serve("--port", "0", "--policy", bundle.toString());
             McpClient client = McpClient.builder(s.http().endpoint()).elicitation(r -> approve(r, seen), false, true).build()) {
            assertThat(s.governance().describe()).contains("approvals at /approvals");
            String sum = client.callTool("add", (JsonObject) Wire.parse("{\"a\": 5000, \"b\": 1}")).content().toString();
            assertThat(sum).contains("5001");
            assertThat(seen).singleElement().satisfies(url -> assertThat(url).startsWith(s.http().endpoint().resolve("/approvals")
                    + "?id="));

            client.callTool("add", (JsonObject) Wire.parse("{\"a\": 1, \"b\": 1}"));
            client.callTool("add", (JsonObject) Wire.parse("{\"a\": 1, \"b\": 2}"));
            ErrorResponseException limited = catchThrowableOfType(ErrorResponseException.class,
                    () -> client.callTool("add", (JsonObject) Wire.parse("{\"a\": 1, \"b\": 3}")));
            assertThat(limited.error().code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(limited.httpStatus()).isEqualTo(429);
            assertThat(limited.error().message()).contains("rule arithmetic");
            assertThat(((JsonObject) limited.error().data()).get("retryAfterMs")).isNotNull();

            HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(seen.getFirst()))
                    .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).isEqualTo(405);
            assertThat(put.headers().firstValue("allow")).hasValue("GET, HEAD, POST");

            // a form that does not decode is refused with the page's own 400, naming the pair
            HttpResponse<String> malformed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(seen.getFirst()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("id=x&decision=approve&csrf=%zz")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(malformed.statusCode()).isEqualTo(400);
            assertThat(malformed.body()).contains("the form is not URL-encoded correctly near &quot;csrf=%zz&quot;");
            assertThat(malformed.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(malformed.headers().firstValue("cache-control")).hasValue("no-store");
        }
    }

    /** The human: opens the page, presses approve. */
    static ElicitResult approve(ElicitRequest request, List<String> seen) throws Exception {
        seen.add(request.url());
        approve(request.url());
        return ElicitResult.accept(null);
    }

    /** The human, given the approval page's address. */
    static void approve(String url) throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String page = browser.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains("tools/call");
        Matcher id = Pattern.compile("name=\"id\" value=\"([^\"]+)\"").matcher(page);
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
        assertThat(id.find() && csrf.find()).isTrue();
        HttpResponse<String> posted = browser.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("id=" + id.group(1) + "&csrf=" + csrf.group(1) + "&decision=approve"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(200);
    }
}
