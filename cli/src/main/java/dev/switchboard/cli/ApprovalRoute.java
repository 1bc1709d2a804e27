package dev.switchboard.cli;

import dev.switchboard.auth.signin.SignIn;
import dev.switchboard.auth.signin.SignInException;
import dev.switchboard.auth.signin.SignedIn;
import dev.switchboard.http.ApiRoute;
import dev.switchboard.http.MalformedFieldException;
import dev.switchboard.http.Route;
import dev.switchboard.policy.approval.ApprovalPage;
import dev.switchboard.policy.approval.Approver;

import java.net.URI;
import java.util.Map;

/**
 * Mounts policy's {@link ApprovalPage} on the HTTP endpoint (as an {@link ApiRoute}, which sees
 * every method and the body): {@code GET} shows an approval, {@code POST} takes the decision form,
 * anything else is 405. With a {@link SignIn}, the page is for signed-in people: a {@code GET}
 * without a session goes to the provider and comes back through {@value #CALLBACK}, and the
 * signed-in person is passed to the page, which decides whether they may decide. The query, form
 * and cookies come parsed from the HTTP layer, which answers 400 to a query or form that does not
 * decode. Here because server-http must not know policy, and policy neither the HTTP layer nor
 * auth (ARCHITECTURE: cli wires them).
 */
final class ApprovalRoute implements ApiRoute {
    /** The sign-in callback, under the page's path. */
    static final String CALLBACK = "/callback";

    private final ApprovalPage page;
    private final SignIn signIn;

    /** The page; {@code signIn} null: no sign-in, the link is the capability. */
    ApprovalRoute(ApprovalPage page, SignIn signIn) {
        this.page = page;
        this.signIn = signIn;
    }

    @Override
    public Route.Reply handle(Request request) {
        try {
            return serve(request);
        } catch (MalformedFieldException e) { // the page's own 400, with its security headers, not the API's JSON
            return reply(ApprovalPage.notice(400, "Malformed request", e.getMessage()));
        }
    }

    private Route.Reply serve(Request request) {
        boolean read = request.method().equals("GET") || request.method().equals("HEAD");
        if (!read && !request.method().equals("POST")) {
            return new Route.Reply(405, "text/plain; charset=utf-8",
                    "the approval page takes GET and POST".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .withHeader("Allow", "GET, HEAD, POST");
        }
        Map<String, String> cookies = request.cookies();
        Approver who = null;
        if (signIn != null) {
            if (request.rawPath().endsWith(CALLBACK)) {
                return request.method().equals("GET") ? finish(request.queryFields(), cookies)
                        : reply(ApprovalPage.notice(405, "Not here", "The sign-in callback takes GET."));
            }
            SignedIn session = signIn.session(cookies);
            if (session == null) {
                if (!read) { // a form cannot survive the trip to the provider: sign in, then decide again
                    return reply(ApprovalPage.notice(401, "Sign in to decide",
                            "Your sign-in has expired. Open the approval link again to sign in, then decide."));
                }
                String back = request.rawPath() + (request.query() == null ? "" : "?" + request.query());
                SignIn.Redirect r = signIn.start(back);
                return reply(ApprovalPage.redirect(r.location(), r.setCookie()));
            }
            who = new Approver(session.issuer(), session.subject(), session.name(), session.email(), session.groups());
        }
        return read ? reply(page.get(request.queryFields(), cookies, who))
                : reply(page.post(request.header("Content-Type"), request.formFields(), cookies, request.header("Origin"),
                request.header("Host"), request.remoteAddress(), who));
    }

    private Route.Reply finish(Map<String, String> query, Map<String, String> cookies) {
        try {
            SignIn.Finished f = signIn.finish(query, cookies);
            return reply(ApprovalPage.redirect(URI.create(f.returnTo()), f.setCookie()));
        } catch (SignInException e) {
            return reply(ApprovalPage.notice(400, "Sign-in failed", e.getMessage()));
        }
    }

    private static Route.Reply reply(ApprovalPage.Reply r) {
        return new Route.Reply(r.status(), r.contentType(), r.body(), r.headers());
    }
}
