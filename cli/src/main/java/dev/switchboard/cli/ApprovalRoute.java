package dev.switchboard.cli;

import dev.switchboard.http.ApiRoute;
import dev.switchboard.http.Route;
import dev.switchboard.policy.approval.ApprovalPage;

/**
 * Mounts policy's {@link ApprovalPage} on the HTTP endpoint (as an {@link ApiRoute}, which sees
 * every method and the body): {@code GET} shows an approval, {@code POST} takes the decision form,
 * anything else is 405. Here because server-http must not know policy, and policy not the HTTP
 * layer (ARCHITECTURE: cli wires them).
 */
final class ApprovalRoute implements ApiRoute {
    private final ApprovalPage page;

    ApprovalRoute(ApprovalPage page) {
        this.page = page;
    }

    @Override
    public Route.Reply handle(Request request) {
        return switch (request.method()) {
            case "GET", "HEAD" -> reply(page.get(request.query(), request.header("Cookie")));
            case "POST" -> reply(page.post(request.header("Content-Type"), request.body(), request.header("Cookie"),
                    request.header("Origin"), request.header("Host"), request.remoteAddress()));
            default -> new Route.Reply(405, "text/plain; charset=utf-8",
                    "the approval page takes GET and POST".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .withHeader("Allow", "GET, HEAD, POST");
        };
    }

    private static Route.Reply reply(ApprovalPage.Reply r) {
        return new Route.Reply(r.status(), r.contentType(), r.body(), r.headers());
    }
}
