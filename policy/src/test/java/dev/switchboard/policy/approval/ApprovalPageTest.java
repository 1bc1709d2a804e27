package dev.switchboard.policy.approval;

import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.embedded.InMemoryStore;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The approval page: what it shows, and which posts it accepts. */
class ApprovalPageTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private final InMemoryStore store = new InMemoryStore();
    private final Approvals approvals = Approvals.builder(store, store, new byte[32], () -> URI.create("http://127.0.0.1:1/approvals"))
            .build();
    private final ApprovalPage page = new ApprovalPage(approvals);
    private final Approval approval = approvals.request(new Approvals.Call("https://idp|carol", "bot for carol", "payments",
            "tools/call", "pay", JsonObject.of("memo", Json.of("<script>alert(1)</script>"), "amount", Json.of(1500)),
            "big-payments", "approval required by rule big-payments: over 1000", "sha256:b"));

    private static String field(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        return m.find() ? m.group(1) : null;
    }

    private static String cookie(ApprovalPage.Reply reply) {
        String set = reply.headers().get("Set-Cookie");
        return set.substring(0, set.indexOf(';'));
    }

    private ApprovalPage.Reply post(String body, String cookie, String origin) {
        return page.post(FORM, body.getBytes(StandardCharsets.UTF_8), cookie, origin, "127.0.0.1:1", "127.0.0.1");
    }

    @Test
    void showsWhoCallsWhatWhyAndTheArgumentsEscaped() {
        ApprovalPage.Reply r = page.get("id=" + approval.id(), null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/html");
        assertThat(r.text()).contains("bot for carol", "payments", "tools/call pay", "big-payments", "over 1000", "1500")
                .contains("&lt;script&gt;").doesNotContain("<script>");
        assertThat(r.headers()).containsEntry("X-Frame-Options", "DENY").containsEntry("Cache-Control", "no-store")
                .containsEntry("Referrer-Policy", "no-referrer");
        assertThat(r.headers().get("Set-Cookie")).contains("HttpOnly").contains("SameSite=Strict");
        assertThat(field(r.text(), "csrf")).isNotBlank();
    }

    @Test
    void anUnknownApprovalIs404() {
        assertThat(page.get("id=nope", null).status()).isEqualTo(404);
        assertThat(page.get(null, null).status()).isEqualTo(404);
    }

    @Test
    void approvesWithTheTokenAndCookieOfThePage() {
        ApprovalPage.Reply shown = page.get("id=" + approval.id(), null);
        ApprovalPage.Reply r = post("id=" + approval.id() + "&decision=approve&csrf=" + field(shown.text(), "csrf"),
                cookie(shown), "http://127.0.0.1:1");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("Approved by page from 127.0.0.1");
        assertThat(approvals.find(approval.id()).status()).isEqualTo(Approval.Status.APPROVED);

        ApprovalPage.Reply after = page.get("id=" + approval.id(), cookie(shown));
        assertThat(after.text()).doesNotContain("<form").contains("Approved");
        assertThat(after.headers()).as("the browser's nonce is kept").doesNotContainKey("Set-Cookie");
        ApprovalPage.Reply twice = post("id=" + approval.id() + "&decision=reject&csrf=" + field(shown.text(), "csrf"),
                cookie(shown), null);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(approvals.find(approval.id()).status()).isEqualTo(Approval.Status.APPROVED);
    }

    @Test
    void refusesAPostWithoutTheCookieOrWithAnotherPagesToken() {
        ApprovalPage.Reply shown = page.get("id=" + approval.id(), null);
        String token = field(shown.text(), "csrf");
        assertThat(post("id=" + approval.id() + "&decision=approve&csrf=" + token, null, null).status()).isEqualTo(403);
        assertThat(post("id=" + approval.id() + "&decision=approve", cookie(shown), null).status()).isEqualTo(403);
        ApprovalPage.Reply otherBrowser = page.get("id=" + approval.id(), null);
        assertThat(post("id=" + approval.id() + "&decision=approve&csrf=" + token, cookie(otherBrowser), null).status())
                .isEqualTo(403);
        assertThat(approvals.find(approval.id()).status()).isEqualTo(Approval.Status.PENDING);
    }

    @Test
    void refusesACrossSitePostAndOtherContentTypes() {
        ApprovalPage.Reply shown = page.get("id=" + approval.id(), null);
        String body = "id=" + approval.id() + "&decision=approve&csrf=" + field(shown.text(), "csrf");
        assertThat(post(body, cookie(shown), "https://evil.example").status()).isEqualTo(403);
        assertThat(page.post("application/json", body.getBytes(StandardCharsets.UTF_8), cookie(shown), null,
                "127.0.0.1:1", "x").status()).isEqualTo(415);
        assertThat(post("id=" + approval.id() + "&decision=maybe&csrf=" + field(shown.text(), "csrf"), cookie(shown), null)
                .status()).isEqualTo(400);
        assertThat(approvals.find(approval.id()).status()).isEqualTo(Approval.Status.PENDING);
    }

    @Test
    void sameHostComparesHostAndPort() {
        assertThat(ApprovalPage.sameHost("http://127.0.0.1:8080", "127.0.0.1:8080")).isTrue();
        assertThat(ApprovalPage.sameHost("https://gw.example", "gw.example")).isTrue();
        assertThat(ApprovalPage.sameHost("https://gw.example", "gw.example:443")).isTrue();
        assertThat(ApprovalPage.sameHost("http://127.0.0.1:8081", "127.0.0.1:8080")).isFalse();
        assertThat(ApprovalPage.sameHost("null", "127.0.0.1:8080")).isFalse();
    }
}
