package dev.switchboard.policy.approval;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The page where a person approves or rejects a call: {@code GET ?id=…} shows who calls what,
 * with which arguments, under which rule and why, and a form; {@code POST} (form-encoded
 * {@code id}, {@code decision=approve|reject}, {@code csrf}) records the decision.
 *
 * <p>Kept free of any HTTP library: a transport mounts it by passing the query's and the form's
 * fields, the cookies and a few headers, and writes back the {@link Reply}; decoding them (and
 * refusing what does not decode) is the transport's job. {@code cli} mounts it beside the MCP endpoint.
 *
 * <p><b>Who decides</b> is the {@link Approvers}' say. With sign-in, the transport passes the
 * signed-in {@link Approver} (it runs the sign-in itself); the page shows who is signed in and
 * lets them decide only when they are in an approver group and did not make the call. A refusal
 * is told to the listener (audited) and changes nothing. Without sign-in, the id in the link is
 * the capability (256 random bits, short-lived, decided once): anyone holding it decides.
 *
 * <p><b>Protection.</b> A POST must carry the CSRF token of the page it came from, which is an HMAC
 * of the approval id and a random value in a {@code SameSite=Strict}, {@code HttpOnly} cookie set
 * by that page (double submit, so any instance can check it); a POST whose {@code Origin} is not
 * this host is refused. Replies forbid framing, caching and referrers (the link must not leak).
 */
public final class ApprovalPage {
    /** The cookie holding the browser's CSRF nonce. */
    public static final String COOKIE = "sb_approval_nonce";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Cache-Control", "no-store",
            "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer",
            "X-Content-Type-Options", "nosniff");

    private final Approvals approvals;
    private final Approvers approvers;

    /** The page over {@code approvals}, where {@code approvers} decide. */
    public ApprovalPage(Approvals approvals, Approvers approvers) {
        this.approvals = Objects.requireNonNull(approvals, "approvals");
        this.approvers = Objects.requireNonNull(approvers, "approvers");
    }

    /**
     * What the page answers.
     *
     * @param status      the HTTP status
     * @param contentType the {@code Content-Type}
     * @param body        the body
     * @param headers     further headers (security headers, {@code Set-Cookie})
     */
    public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {
        public Reply {
            headers = Map.copyOf(headers);
        }

        /** The body as text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /**
     * Shows the approval named by {@code id} in {@code query}.
     *
     * @param query   the query's fields
     * @param cookies the request's cookies
     * @param who     the signed-in person, or null
     */
    public Reply get(Map<String, String> query, Map<String, String> cookies, Approver who) {
        String id = query.get("id");
        Approval a = approvals.find(id);
        if (a == null) {
            return page(404, "No such approval", "<p>This approval does not exist or has expired. Ask the caller to "
                    + "call again for a new one.</p>", null);
        }
        boolean open = a.status() == Approval.Status.PENDING && !a.expiredAt(approvals.now());
        Reply refused = open ? refusal(a, who) : null;
        if (refused != null) {
            return refused;
        }
        String nonce = cookies.get(COOKIE);
        String setCookie = null;
        if (nonce == null || nonce.length() < 16 || nonce.length() > 64) {
            byte[] n = new byte[24];
            RANDOM.nextBytes(n);
            nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(n);
            setCookie = COOKIE + "=" + nonce + "; Path=/; HttpOnly; SameSite=Strict";
        }
        StringBuilder body = new StringBuilder(signedIn(who)).append(details(a));
        if (open) {
            body.append("<form method=\"post\">")
                    .append("<input type=\"hidden\" name=\"id\" value=\"").append(escape(a.id())).append("\">")
                    .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(escape(approvals.csrf(a.id(), nonce))).append("\">")
                    .append("<button name=\"decision\" value=\"approve\">Approve this call once</button> ")
                    .append("<button name=\"decision\" value=\"reject\">Reject</button></form>");
        } else {
            body.append("<p><b>").append(state(a)).append("</b></p>");
        }
        return page(200, "Approve " + a.target() + "?", body.toString(), setCookie);
    }

    /**
     * Records the decision a form posted.
     *
     * @param contentType the request's {@code Content-Type}
     * @param form        the form's fields
     * @param cookies     the request's cookies
     * @param origin      the {@code Origin} header, or null
     * @param host        the {@code Host} header
     * @param client      the client's address (what the record says decided, without sign-in)
     * @param who         the signed-in person, or null
     */
    public Reply post(String contentType, Map<String, String> form, Map<String, String> cookies, String origin, String host,
                      String client, Approver who) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return page(415, "Unsupported form", "<p>Decide with the form on the approval page.</p>", null);
        }
        if (origin != null && !sameHost(origin, host)) {
            return page(403, "Refused", "<p>A decision must come from this approval page (Origin " + escape(origin)
                    + " is another site).</p>", null);
        }
        String id = form.get("id");
        String decision = form.get("decision");
        if (!"approve".equals(decision) && !"reject".equals(decision)) {
            return page(400, "No decision", "<p>Choose approve or reject.</p>", null);
        }
        if (!approvals.csrfMatches(String.valueOf(id), cookies.get(COOKIE), form.get("csrf"))) {
            return page(403, "Refused", "<p>This form did not come from the approval page in this browser. "
                    + "Open the approval link again and decide there.</p>", null);
        }
        Approval pending = approvals.find(id);
        Reply refused = pending == null ? null : refusal(pending, who);
        if (refused != null) {
            return refused;
        }
        String by = who != null ? who.describe() : client == null ? "" : "page from " + client;
        Approval decided = approvals.decide(id, "approve".equals(decision), by, who);
        if (decided == null) {
            Approval a = approvals.find(id);
            return page(409, "Not changed", a == null ? "<p>This approval does not exist or has expired.</p>"
                    : details(a) + "<p><b>" + state(a) + "</b> Nothing was changed.</p>", null);
        }
        return page(200, decided.status() == Approval.Status.APPROVED ? "Approved" : "Rejected", signedIn(who)
                + details(decided) + "<p><b>" + state(decided) + "</b></p>", null);
    }

    /** The refusal page when {@code who} may not decide {@code a} (told to the listener), or null when they may. */
    private Reply refusal(Approval a, Approver who) {
        Approvers.Refusal why = approvers.refusal(a, who);
        if (why == null) {
            return null;
        }
        if (why == Approvers.Refusal.NOT_SIGNED_IN) { // the transport signs people in first; nothing to record
            return approvers.signInRequired() ? page(401, "Sign in to decide", "<p>Only a signed-in approver can decide. "
                    + "Open the approval link again to sign in.</p>", null)
                    : page(403, "Not allowed to decide", details(a) + "<p><b>Rule " + escape(a.rule()) + " names its approvers ("
                    + escape(String.join(", ", a.approvers())) + "), who must sign in, but this approval page has no sign-in "
                    + "configured.</b> Nobody can decide this call here; ask the operator to configure approver sign-in.</p>", null);
        }
        approvals.refused(a, who, why);
        String text = why == Approvers.Refusal.SELF_APPROVAL
                ? "<p><b>You cannot approve your own call.</b> It was made as you (" + escape(a.callerSubject()) + " at "
                + escape(a.callerIssuer()) + "); another approver must decide it.</p>"
                : "<p><b>You are not an approver.</b> You are in none of the groups allowed to decide calls. Ask an "
                + "approver to open this link.</p>";
        return page(403, "Not allowed to decide", signedIn(who) + details(a) + text, null);
    }

    private static String signedIn(Approver who) {
        return who == null ? "" : "<p>Signed in as " + escape(who.describe()) + ".</p>";
    }

    /** A page saying {@code text} (HTML-escaped) with the page's security headers, for the transport's own answers. */
    public static Reply notice(int status, String title, String text) {
        return page(status, title, "<p>" + escape(text) + "</p>", null);
    }

    /** A {@code 303} to {@code location}, setting {@code setCookie} (or none when null), with the page's security headers. */
    public static Reply redirect(URI location, String setCookie) {
        Map<String, String> headers = new LinkedHashMap<>(SECURITY_HEADERS);
        headers.put("Location", location.toString());
        if (setCookie != null) {
            headers.put("Set-Cookie", setCookie);
        }
        return new Reply(303, "text/plain; charset=utf-8", new byte[0], headers);
    }

    private String state(Approval a) {
        if (a.status() == Approval.Status.APPROVED) {
            return "Approved by " + escape(a.decidedBy()) + ". The caller may now run this call once.";
        }
        if (a.status() == Approval.Status.REJECTED) {
            return "Rejected by " + escape(a.decidedBy()) + ". The call will be refused.";
        }
        return a.expiredAt(approvals.now()) ? "Expired without a decision." : "Waiting for a decision.";
    }

    private static String details(Approval a) {
        return "<table>"
                + row("Caller", a.principal())
                + row("Server", a.server())
                + row("Call", a.method() + " " + a.target())
                + "<tr><th>Arguments</th><td><pre>" + escape(a.argsSummary()) + "</pre></td></tr>"
                + row("Rule", a.rule())
                + (a.reason().isEmpty() ? "" : row("Reason", a.reason()))
                + row("Asked at", String.valueOf(a.created()))
                + row("Expires at", String.valueOf(a.expires()))
                + "</table>";
    }

    private static String row(String name, String value) {
        return "<tr><th>" + name + "</th><td>" + escape(value) + "</td></tr>";
    }

    private static Reply page(int status, String title, String body, String setCookie) {
        String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title>"
                + "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto}th{text-align:left;padding-right:1em;"
                + "vertical-align:top}pre{white-space:pre-wrap;margin:0}button{font-size:1.1em;margin:1em .5em 0 0}</style>"
                + "</head><body><h1>" + escape(title) + "</h1>" + body + "</body></html>";
        Map<String, String> headers = new LinkedHashMap<>(SECURITY_HEADERS);
        if (setCookie != null) {
            headers.put("Set-Cookie", setCookie);
        }
        return new Reply(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** True when {@code origin}'s host and port are {@code host}'s. */
    static boolean sameHost(String origin, String host) {
        try {
            URI o = URI.create(origin);
            if (o.getHost() == null || host == null) {
                return false;
            }
            String authority = o.getPort() < 0 ? o.getHost() : o.getHost() + ":" + o.getPort();
            return authority.equalsIgnoreCase(host) || (o.getPort() < 0 && host.equalsIgnoreCase(o.getHost()
                    + ("https".equals(o.getScheme()) ? ":443" : ":80")));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
