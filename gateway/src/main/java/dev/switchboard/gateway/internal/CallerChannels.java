package dev.switchboard.gateway.internal;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.CancellationToken;
import dev.switchboard.protocol.logging.LoggingLevel;
import dev.switchboard.server.RequestContext;

import java.util.function.Supplier;

/**
 * What a caller's request carries to the upstream request made for it: its cancellation, and the
 * upstream's progress and log messages back to the caller's stream, at the log level the caller
 * asked for (none when it asked for none).
 */
final class CallerChannels {
    private CallerChannels() {
    }

    /** Options for one upstream request made for {@code ctx}. */
    static CallOptions of(RequestContext ctx) {
        CancellationToken token = new CancellationToken();
        ctx.cancellation().onCancel(token::cancel);
        return builder(() -> ctx, ctx.logLevel()).cancellation(token).build();
    }

    /**
     * Options whose progress and logs go to whichever caller request {@code current} names at the
     * time (a parked call's current round; null drops them), at the first caller's log level.
     */
    static CallOptions.Builder builder(Supplier<RequestContext> current, LoggingLevel logLevel) {
        CallOptions.Builder b = CallOptions.builder().onProgress(p -> {
            RequestContext ctx = current.get();
            if (ctx != null) {
                ctx.progress(p.progress(), p.total(), p.message());
            }
        });
        if (logLevel != null) {
            b.onLog(logLevel, m -> {
                RequestContext ctx = current.get();
                if (ctx != null) {
                    ctx.log(m.level(), m.logger(), m.data());
                }
            });
        }
        return b;
    }
}
