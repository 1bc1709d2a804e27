package dev.switchboard.client.internal;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the RFC 9728 {@code resource_metadata} parameter of a {@code WWW-Authenticate} challenge. */
final class WwwAuthenticate {
    private static final Pattern RESOURCE_METADATA =
            Pattern.compile("(?i)(?:^|[\\s,])resource_metadata\\s*=\\s*(?:\"([^\"]*)\"|([^\\s,]+))");

    private WwwAuthenticate() {
    }

    /** The URL, or null when the challenge is absent, has none, or it is not a URI. */
    static URI resourceMetadata(String challenge) {
        if (challenge == null) {
            return null;
        }
        Matcher m = RESOURCE_METADATA.matcher(challenge);
        if (!m.find()) {
            return null;
        }
        String v = m.group(1) != null ? m.group(1) : m.group(2);
        try {
            return URI.create(v);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
