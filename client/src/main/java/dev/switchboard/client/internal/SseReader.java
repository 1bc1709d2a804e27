package dev.switchboard.client.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads Server-Sent Events from a byte stream and returns each event's data (the {@code data:}
 * lines joined by newlines). Comments (keep-alives) and {@code event:} fields are ignored: MCP
 * streams carry JSON-RPC messages only. {@code id:} and {@code retry:} are remembered
 * ({@link #lastEventId()}, {@link #retryMillis()}) so that a stream that ends early can be resumed
 * (SEP-1699). Lines may end in CR, LF or CRLF. Not thread-safe.
 */
final class SseReader {
    /** An event larger than the limit. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("an event exceeds the limit of " + limit + " bytes");
        }
    }

    private final InputStream in;
    private final long maxEventBytes;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private boolean pendingLf;
    private String lastEventId;
    private long retryMillis = -1;

    SseReader(InputStream in, long maxEventBytes) {
        this.in = in.markSupported() ? in : new java.io.BufferedInputStream(in, 8192);
        this.maxEventBytes = maxEventBytes;
    }

    /** The last event id the stream set ({@code id:}), or null when it set none. */
    String lastEventId() {
        return lastEventId;
    }

    /** The last reconnection time the stream set ({@code retry:}) in milliseconds, or -1. */
    long retryMillis() {
        return retryMillis;
    }

    /** The data of the next event that has data, or null at the end of the stream. */
    String next() throws IOException {
        StringBuilder data = null;
        while (true) {
            String l = readLine();
            if (l == null) {
                return null; // an unterminated last event is dropped, as the SSE spec says
            }
            if (l.isEmpty()) {
                if (data != null) {
                    return data.toString();
                }
                continue;
            }
            if (l.startsWith(":")) {
                continue;
            }
            int colon = l.indexOf(':');
            String field = colon < 0 ? l : l.substring(0, colon);
            String value = colon < 0 ? "" : l.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("data")) {
                if (data == null) {
                    data = new StringBuilder(value);
                } else {
                    data.append('\n').append(value);
                }
                if (data.length() > maxEventBytes) {
                    throw new TooLarge(maxEventBytes);
                }
            } else if (field.equals("id") && value.indexOf('\0') < 0) {
                lastEventId = value.isEmpty() ? null : value;
            } else if (field.equals("retry") && !value.isEmpty() && value.chars().allMatch(c -> c >= '0' && c <= '9')) {
                try {
                    retryMillis = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    // too large to mean anything
                }
            }
        }
    }

    private String readLine() throws IOException {
        line.reset();
        while (true) {
            int b = in.read();
            if (b == -1) {
                return null;
            }
            if (pendingLf) {
                pendingLf = false;
                if (b == '\n') {
                    continue;
                }
            }
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (b == '\r') {
                pendingLf = true;
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= maxEventBytes) {
                throw new TooLarge(maxEventBytes);
            }
            line.write(b);
        }
    }
}
