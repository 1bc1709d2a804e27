package dev.switchboard.cli;

import dev.switchboard.http.Authenticator;
import dev.switchboard.http.Route;
import dev.switchboard.policy.approval.ApprovalPage;

/**
 * Mounts policy's {@link ApprovalPage} on the HTTP endpoint: {@code GET} shows an approval,
 * {@code POST} takes the decision form. Here because server-http must not know policy, and policy
 * not the HTTP layer (ARCHITECTURE: cli wires them).
 */
final class ApprovalRoute implements Route {
    private final ApprovalPage page;

    ApprovalRoute(ApprovalPage page) {
        this.page = page;
    }

    @Override
    public Reply get(Authenticator.Inbound request) {
        return reply(page.get(request.query(), request.header("Cookie")));
    }

    @Override
    public boolean acceptsPost() {
        return true;
    }

    @Override
    public Reply post(Authenticator.Inbound request, byte[] body) {
        return reply(page.post(request.header("Content-Type"), body, request.header("Cookie"), request.header("Origin"),
                request.header("Host"), request.remoteAddress()));
    }

    private static Reply reply(ApprovalPage.Reply r) {
        return new Reply(r.status(), r.contentType(), r.body(), r.headers());
    }
}
