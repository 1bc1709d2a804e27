package dev.switchboard.cli;

import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.client.McpClient;
import dev.switchboard.policy.audit.AuditKey;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.audit.AuditRecord;
import dev.switchboard.testkit.OidcProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Approvers sign in on the approval page with the real authorization server ({@code oidc-provider}
 * through {@code as.mjs}): {@code serve} with OAuth on (the caller is a user of that server),
 * a require_approval rule, sign-in with approver group {@code approvers}, and an audit log. A
 * browser the test plays follows every redirect and posts the provider's login form as a chosen user.
 */
@Timeout(120)
class ApproverSignInIT {
    private static final String RESOURCE = "https://switchboard.test/mcp";
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static OidcProvider as;
    private static ServeCommand.Running serve;
    private static Path dir;
    private static Path audit;

    @BeforeAll
    static void start() throws Exception {
        as = OidcProvider.start(RESOURCE);
        dir = Files.createTempDirectory("signin-it");
        Path bundle = Files.writeString(dir.resolve("policy.yaml"), ApprovalServeTest.BUNDLE);
        Path key = dir.resolve("audit.key");
        AuditKey.generate().write(key);
        audit = dir.resolve("audit.jsonl");
        ServeCommand cmd = new ServeCommand();
        new CommandLine(cmd).parseArgs("--port", "0", "--policy", bundle.toString(), "--audit", audit.toString(),
                "--audit-key", key.toString(), "--auth-issuer", as.issuer(), "--auth-allow-local-issuer",
                "--auth-resource", RESOURCE, "--approval-signin-issuer", as.issuer(), "--approval-signin-client-id", "approvals",
                "--approval-signin-allow-local-issuer", "--approval-signin-scope", "profile", "--approval-signin-scope", "email",
                "--approval-signin-scope", "groups",
                "--approver-group", "approvers");
        serve = cmd.start(cmd.resolve(Map.of("SWITCHBOARD_APPROVAL_SIGNIN_CLIENT_SECRET", "approvals-secret")));
    }

    @AfterAll
    static void stop() {
        if (serve != null) {
            serve.close();
        }
        if (as != null) {
            as.close();
        }
    }

    /** An access token for {@code user} at the endpoint, from the provider's test grant. */
    private static String token(String user) throws Exception {
        String form = "grant_type=" + URLEncoder.encode("urn:switchboard:test:user", StandardCharsets.UTF_8) + "&username=" + user
                + "&scope=mcp&resource=" + URLEncoder.encode(RESOURCE, StandardCharsets.UTF_8);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(as.issuer() + "/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("user-app:user-secret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ((JsonObject) Wire.parse(r.body())).getString("access_token");
    }

    /** A browser: cookies per host and port, redirects followed by hand, the provider's login form answered as {@code user}. */
    static final class Browser {
        final Map<String, Map<String, String>> cookies = new ConcurrentHashMap<>();
        final List<URI> visited = new ArrayList<>();
        final String user;

        Browser(String user) {
            this.user = user;
        }

        HttpResponse<String> send(HttpRequest.Builder b, URI uri) throws Exception {
            Map<String, String> jar = cookies.computeIfAbsent(uri.getRawAuthority(), k -> new LinkedHashMap<>());
            if (!jar.isEmpty()) {
                b.header("Cookie", String.join("; ", jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
            }
            visited.add(uri);
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            for (String set : r.headers().allValues("set-cookie")) {
                String pair = set.split(";")[0];
                int eq = pair.indexOf('=');
                if (set.toLowerCase().contains("max-age=0") || pair.substring(eq + 1).isEmpty()) {
                    jar.remove(pair.substring(0, eq));
                } else {
                    jar.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
            return r;
        }

        /** Opens {@code url}, signing in wherever asked, until a page that is not a redirect or a login form. */
        HttpResponse<String> open(String url) throws Exception {
            URI uri = URI.create(url);
            HttpResponse<String> r = send(HttpRequest.newBuilder(uri), uri);
            for (int hops = 0; hops < 12; hops++) {
                if (r.statusCode() / 100 == 3) {
                    uri = uri.resolve(r.headers().firstValue("location").orElseThrow());
                    r = send(HttpRequest.newBuilder(uri), uri);
                    continue;
                }
                Matcher login = Pattern.compile("action=\"(/interaction/[^\"]+/login)\"").matcher(r.body());
                if (r.statusCode() == 200 && login.find()) {
                    uri = uri.resolve(login.group(1));
                    r = send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("login=" + user)), uri);
                    continue;
                }
                return r;
            }
            throw new AssertionError("too many redirects: " + visited);
        }

        /** Posts the page's form with {@code decision}, from the page's own origin. */
        HttpResponse<String> decide(String url, String page, String decision) throws Exception {
            Matcher id = Pattern.compile("name=\"id\" value=\"([^\"]+)\"").matcher(page);
            Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page);
            assertThat(id.find() && csrf.find()).as(page).isTrue();
            URI uri = URI.create(url);
            return send(HttpRequest.newBuilder(uri).header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Origin", uri.getScheme() + "://" + uri.getRawAuthority())
                    .POST(HttpRequest.BodyPublishers.ofString("id=" + id.group(1) + "&csrf=" + csrf.group(1)
                            + "&decision=" + decision)), uri);
        }
    }

    private static List<JsonObject> approvalRecords() throws Exception {
        assertThat(serve.governance().auditor().flush(java.time.Duration.ofSeconds(5))).isTrue();
        return Files.readAllLines(audit).stream().map(l -> AuditRecord.parse(l).event())
                .filter(e -> e != null && "approval".equals(e.getString("type"))).toList();
    }

    @Test
    void onlyASignedInApproverWhoIsNotTheCallerDecidesAndTheRecordNamesThem() throws Exception {
        List<String> pages = new ArrayList<>();
        List<HttpResponse<String>> seen = new ArrayList<>();
        try (McpClient alice = McpClient.builder(serve.http().endpoint()).bearerToken(token("alice")).elicitation(r -> {
            pages.add(r.url());
            Browser self = new Browser("alice");
            HttpResponse<String> own = self.open(r.url());
            seen.add(own);
            assertThat(self.visited).as("signed in at the provider").anyMatch(u -> u.toString().startsWith(as.issuer() + "/auth?"));
            Browser staff = new Browser("erin");
            seen.add(staff.open(r.url()));
            Browser approver = new Browser("dave");
            HttpResponse<String> page = approver.open(r.url());
            seen.add(page);
            seen.add(approver.decide(r.url(), page.body(), "approve"));
            return ElicitResult.accept(null);
        }, false, true).build()) {
            String sum = alice.callTool("add", (JsonObject) Wire.parse("{\"a\": 5000, \"b\": 2}")).content().toString();
            assertThat(sum).contains("5002");
        }
        assertThat(pages).hasSize(1);
        assertThat(seen.get(0).statusCode()).isEqualTo(403);
        assertThat(seen.get(0).body()).contains("Signed in as Alice Approver").contains("You cannot approve your own call")
                .doesNotContain("<form");
        assertThat(seen.get(1).statusCode()).isEqualTo(403);
        assertThat(seen.get(1).body()).contains("Signed in as Erin Staff").contains("You are not an approver");
        assertThat(seen.get(2).statusCode()).isEqualTo(200);
        assertThat(seen.get(2).body()).contains("Signed in as Dave Approver &lt;dave@example.com&gt;").contains("<form");
        assertThat(seen.get(3).statusCode()).isEqualTo(200);
        assertThat(seen.get(3).body()).contains("Approved by Dave Approver");

        List<JsonObject> records = approvalRecords();
        assertThat(records).extracting(e -> e.getString("event") + (e.has("reason") ? " " + e.getString("reason") : ""))
                .containsSubsequence("requested", "decision_refused self_approval", "decision_refused not_approver", "approved", "used");
        JsonObject approved = records.stream().filter(e -> "approved".equals(e.getString("event"))).findFirst().orElseThrow();
        assertThat(approved.getObject("approver")).isEqualTo(Wire.parse("{\"iss\":\"" + as.issuer() + "\",\"sub\":\"dave\","
                + "\"name\":\"Dave Approver\",\"email\":\"dave@example.com\"}"));
        assertThat(Files.readString(audit)).as("no token in the log").doesNotContain("eyJ");
    }

    @Test
    void theCallersOwnApprovalAttemptLeavesTheApprovalPending() throws Exception {
        List<String> asked = new ArrayList<>();
        try (McpClient alice = McpClient.builder(serve.http().endpoint()).bearerToken(token("alice")).elicitation(r -> {
            asked.add(r.url());
            if (asked.size() > 1) {
                return ElicitResult.decline(); // asked again: nobody decided
            }
            HttpResponse<String> own = new Browser("alice").open(r.url());
            assertThat(own.statusCode()).isEqualTo(403);
            return ElicitResult.accept(null);
        }, false, true).build()) {
            ErrorResponseException e = catchThrowableOfType(ErrorResponseException.class,
                    () -> alice.callTool("add", (JsonObject) Wire.parse("{\"a\": 7000, \"b\": 1}")));
            assertThat(e.error().message()).contains("the client answered decline");
        }
        assertThat(asked).hasSize(2).as("the same approval, still pending").allMatch(u -> u.equals(asked.getFirst()));
    }

    @Test
    void withoutASessionThePageSendsTheBrowserToTheProviderWithPkceStateAndNonce() throws Exception {
        URI page = serve.http().endpoint().resolve("/approvals?id=whatever");
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(page).header("Cookie", "sb_signin=forged-session").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(303);
        String location = r.headers().firstValue("location").orElseThrow();
        assertThat(location).startsWith(as.issuer() + "/auth?").contains("code_challenge_method=S256").contains("&state=")
                .contains("&nonce=").contains("client_id=approvals")
                .contains("redirect_uri=" + URLEncoder.encode(serve.http().endpoint().resolve("/approvals/callback").toString(),
                        StandardCharsets.UTF_8));
        assertThat(r.headers().firstValue("set-cookie").orElseThrow()).startsWith("sb_signin_pending=")
                .contains("Path=/approvals/callback").contains("HttpOnly").contains("SameSite=Lax");
        assertThat(r.headers().firstValue("referrer-policy")).hasValue("no-referrer");
        // a callback this browser did not start is refused
        HttpResponse<String> callback = HTTP.send(HttpRequest.newBuilder(serve.http().endpoint()
                .resolve("/approvals/callback?code=x&state=y")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(callback.statusCode()).isEqualTo(400);
        assertThat(callback.body()).contains("not started in this browser");
        // a post without a session decides nothing
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(page).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("id=whatever&decision=approve")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(401);
    }
}
