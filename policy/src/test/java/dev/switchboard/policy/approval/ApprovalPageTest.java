package dev.switchboard.policy.approval;

import dev.switchboard.http.RequestFields;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.state.embedded.InMemoryStore;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The approval page: what it shows, and which posts it accepts. */
class ApprovalPageTest {
    private static final String FORM = "application/x-www-form-urlencoded";
    private final InMemoryStore store = new InMemoryStore();
    private final List<String> heard = new CopyOnWriteArrayList<>();
    private final Approvals approvals = Approvals.builder(store, store, new byte[32], () -> URI.create("http://127.0.0.1:1/approvals"))
            .listener(new ApprovalListener() {
                @Override
                public void decided(Approval a) {
                    heard.add("decided " + a.status().wireName() + " by " + (a.approver() == null ? a.decidedBy() : a.approver().toJson()));
                }

                @Override
                public void decisionRefused(Approval a, Approver who, Approvers.Refusal why) {
                    heard.add("refused " + why.wireName() + " " + who.toJson());
                }
            }).build();
    private final ApprovalPage page = new ApprovalPage(approvals, Approvers.ANYONE_WITH_LINK);
    private final ApprovalPage signedInPage = new ApprovalPage(approvals, Approvers.signedIn(Set.of("approvers", "finance")));
    private static final Approver DAVE = new Approver("https://idp", "dave", "Dave D", "dave@example.com", Set.of("finance"));
    private static final Approver CAROL = new Approver("https://idp", "carol", "Carol C", "", Set.of("approvers"));
    private static final Approver ERIN = new Approver("https://idp", "erin", "", "erin@example.com", Set.of("staff"));
    private final Approval approval = approvals.request(new Approvals.Call("https://idp|carol|bot", "bot for carol", "https://idp",
            "carol", "payments",
            "tools/call", "pay", JsonObject.of("memo", Json.of("<script>alert(1)</script>"), "amount", Json.of(1500)),
            "big-payments", "approval required by rule big-payments: over 1000", "sha256:b", List.of()));

    private static String field(String html, String name) {
        Matcher m = Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        return m.find() ? m.group(1) : null;
    }

    private static String cookie(ApprovalPage.Reply reply) {
        String set = reply.headers().get("Set-Cookie");
        return set.substring(0, set.indexOf(';'));
    }

    /** The cookies of a {@code Cookie} header (null: none), as the HTTP layer hands them over. */
    private static Map<String, String> cookies(String header) {
        return RequestFields.cookies(header);
    }

    /** Posts the form {@code body} (form-encoded, as a browser sends it). */
    private ApprovalPage.Reply post(String body, String cookie, String origin) {
        return page.post(FORM, RequestFields.form(body), cookies(cookie), origin, "127.0.0.1:1", "127.0.0.1", null);
    }

    /** Opens the signed-in page as {@code who} and posts {@code decision} with its form's token, as a browser would. */
    private ApprovalPage.Reply decideAs(Approver who, String decision) {
        ApprovalPage.Reply shown = signedInPage.get(Map.of("id", approval.id()), Map.of(), DAVE); // the form, as an approver sees it
        String body = "id=" + approval.id() + "&decision=" + decision + "&csrf=" + field(shown.text(), "csrf");
        return signedInPage.post(FORM, RequestFields.form(body), cookies(cookie(shown)), "http://127.0.0.1:1",
                "127.0.0.1:1", "127.0.0.1", who);
    }

    @Test
    void showsWhoCallsWhatWhyAndTheArgumentsEscaped() {
        ApprovalPage.Reply r = page.get(Map.of("id", approval.id()), Map.of(), null);
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
        assertThat(page.get(Map.of("id", "nope"), Map.of(), null).status()).isEqualTo(404);
        assertThat(page.get(Map.of(), Map.of(), null).status()).isEqualTo(404);
    }

    @Test
    void approvesWithTheTokenAndCookieOfThePage() {
        ApprovalPage.Reply shown = page.get(Map.of("id", approval.id()), Map.of(), null);
        ApprovalPage.Reply r = post("id=" + approval.id() + "&decision=approve&csrf=" + field(shown.text(), "csrf"),
                cookie(shown), "http://127.0.0.1:1");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("Approved by page from 127.0.0.1");
        assertThat(approvals.find(approval.id()).status()).isEqualTo(Approval.Status.APPROVED);

        ApprovalPage.Reply after = page.get(Map.of("id", approval.id()), cookies(cookie(shown)), null);
        assertThat(after.text()).doesNotContain("<form").contains("Approved");
        assertThat(after.headers()).as("the browser's nonce is kept").doesNotContainKey("Set-Cookie");
        ApprovalPage.Reply twice = post("id=" + approval.id() + "&decision=reject&csrf=" + field(shown.text(), "csrf"),
                cookie(shown), null);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(approvals.find(approval.id()).status()).isEqualTo(Approval.Status.APPROVED);
    }

    @Test
    void refusesAPostWithoutTheCookieOrWithAnotherPagesToken() {
        ApprovalPage.Reply shown = page.get(Map.of("id", approval.id()), Map.of(), null);
        String token = field(shown.text(), "csrf");
        assertThat(post("id=" + approval.id() + "&decision=approve&csrf=" + token, null, null).status()).isEqualTo(403);
        assertThat(post("id=" + approval.id() + "&decision=approve", cookie(shown), null).status()).isEqualTo(403);
        ApprovalPage.Reply otherBrowser = page.get(Map.of("id", approval.id()), Map.of(), null);
        assertThat(post("id=" + approval.id() + "&decision=approve&csrf=" + token, cookie(otherBrowser), null).status())
                .isEqualTo(403);
        assertThat(approvals.find(approval.id()).status()).isEqualTo(Approval.Status.PENDING);
    }

    @Test
    void refusesACrossSitePostAndOtherContentTypes() {
        ApprovalPage.Reply shown = page.get(Map.of("id", approval.id()), Map.of(), null);
        String body = "id=" + approval.id() + "&decision=approve&csrf=" + field(shown.text(), "csrf");
        assertThat(post(body, cookie(shown), "https://evil.example").status()).isEqualTo(403);
        assertThat(page.post("application/json", RequestFields.form(body), cookies(cookie(shown)), null,
                "127.0.0.1:1", "x", null).status()).isEqualTo(415);
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

    @Test
    void withSignInAMemberOfAnApproverGroupDecidesAndTheRecordNamesThem() {
        ApprovalPage.Reply shown = signedInPage.get(Map.of("id", approval.id()), Map.of(), DAVE);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.text()).contains("Signed in as Dave D &lt;dave@example.com&gt; (dave at https://idp)").contains("<form");
        ApprovalPage.Reply r = decideAs(DAVE, "approve");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).contains("Approved by Dave D");
        Approval decided = approvals.find(approval.id());
        assertThat(decided.status()).isEqualTo(Approval.Status.APPROVED);
        assertThat(decided.approver()).isEqualTo(new Approver("https://idp", "dave", "Dave D", "dave@example.com", Set.of()));
        assertThat(decided.decidedBy()).isEqualTo("Dave D <dave@example.com> (dave at https://idp)");
        assertThat(heard).containsExactly("decided approved by {\"iss\":\"https://idp\",\"sub\":\"dave\",\"name\":\"Dave D\","
                + "\"email\":\"dave@example.com\"}");
    }

    @Test
    void theCallerCannotApproveTheirOwnCallEvenThroughAnAgent() {
        ApprovalPage.Reply shown = signedInPage.get(Map.of("id", approval.id()), Map.of(), CAROL);
        assertThat(shown.status()).isEqualTo(403);
        assertThat(shown.text()).contains("You cannot approve your own call").contains("Signed in as Carol C").doesNotContain("<form");
        ApprovalPage.Reply posted = decideAs(CAROL, "approve");
        assertThat(posted.status()).isEqualTo(403);
        assertThat(posted.text()).contains("You cannot approve your own call");
        assertThat(approvals.find(approval.id()).status()).as("not consumed").isEqualTo(Approval.Status.PENDING);
        assertThat(heard).containsExactly("refused self_approval {\"iss\":\"https://idp\",\"sub\":\"carol\",\"name\":\"Carol C\"}",
                "refused self_approval {\"iss\":\"https://idp\",\"sub\":\"carol\",\"name\":\"Carol C\"}");
        // the same subject at another issuer is another person
        Approver otherCarol = new Approver("https://other-idp", "carol", "", "", Set.of("approvers"));
        assertThat(decideAs(otherCarol, "reject").status()).isEqualTo(200);
    }

    @Test
    void someoneInNoApproverGroupIsRefusedAndNothingChanges() {
        ApprovalPage.Reply shown = signedInPage.get(Map.of("id", approval.id()), Map.of(), ERIN);
        assertThat(shown.status()).isEqualTo(403);
        assertThat(shown.text()).contains("You are not an approver").doesNotContain("<form");
        assertThat(decideAs(ERIN, "approve").status()).isEqualTo(403);
        assertThat(approvals.find(approval.id()).status()).isEqualTo(Approval.Status.PENDING);
        assertThat(heard).containsOnly("refused not_approver {\"iss\":\"https://idp\",\"sub\":\"erin\",\"email\":\"erin@example.com\"}")
                .hasSize(2);
        assertThat(decideAs(DAVE, "reject").status()).as("a real approver still can").isEqualTo(200);
    }

    @Test
    void withSignInNobodySignedInGets401AndCannotPost() {
        assertThat(signedInPage.get(Map.of("id", approval.id()), Map.of(), null).status()).isEqualTo(401);
        assertThat(decideAs(null, "approve").status()).isEqualTo(401);
        assertThat(approvals.find(approval.id()).status()).isEqualTo(Approval.Status.PENDING);
        assertThat(heard).isEmpty();
    }

    @Test
    void withoutGroupsAnySignedInPersonButTheCallerDecides() {
        ApprovalPage anyone = new ApprovalPage(approvals, Approvers.signedIn(Set.of()));
        assertThat(anyone.get(Map.of("id", approval.id()), Map.of(), ERIN).status()).isEqualTo(200);
        assertThat(anyone.get(Map.of("id", approval.id()), Map.of(), CAROL).status()).isEqualTo(403);
    }

    @Test
    void aDecidedApprovalIsShownWithoutAFormToAnyone() {
        decideAs(DAVE, "approve");
        heard.clear();
        ApprovalPage.Reply seen = signedInPage.get(Map.of("id", approval.id()), Map.of(), ERIN);
        assertThat(seen.status()).isEqualTo(200);
        assertThat(seen.text()).doesNotContain("<form").contains("Approved by Dave D");
        assertThat(heard).isEmpty();
    }

    @Test
    void aRuleNamingApproversOverridesThePagesGroupsAndNeedsSignIn() {
        Approval finance = approvals.request(new Approvals.Call("https://idp|bob", "bob", "https://idp", "bob", "payments",
                "tools/call", "pay", JsonObject.EMPTY, "big", "", "sha256:b", List.of("finance")));
        Approver approverNotFinance = new Approver("https://idp", "frank", "", "", Set.of("approvers"));
        assertThat(signedInPage.get(Map.of("id", finance.id()), Map.of(), approverNotFinance).status()).isEqualTo(403);
        assertThat(heard).containsExactly("refused not_approver {\"iss\":\"https://idp\",\"sub\":\"frank\"}");
        assertThat(signedInPage.get(Map.of("id", finance.id()), Map.of(), DAVE).status()).isEqualTo(200);
        // without sign-in nobody decides it: closed, not open to anyone holding the link
        ApprovalPage.Reply link = page.get(Map.of("id", finance.id()), Map.of(), null);
        assertThat(link.status()).isEqualTo(403);
        assertThat(link.text()).contains("Rule big names its approvers (finance), who must sign in").doesNotContain("<form");
        assertThat(approvals.find(finance.id()).status()).isEqualTo(Approval.Status.PENDING);
    }
}
