package dev.switchboard.http;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code WWW-Authenticate: Bearer ...} value (RFC 6750 §3) for an {@link AuthenticationException},
 * its parameters always valid quoted strings, whatever text (a token's claims, an error message)
 * went into them.
 */
public final class BearerChallenge {
    private BearerChallenge() {
    }

    /**
     * {@code Bearer name="value", ...} from name/value pairs, in order; a pair whose value is null is
     * left out.
     *
     * @throws IllegalArgumentException for an odd number of arguments
     */
    public static String of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("challenge parameters come in name/value pairs");
        }
        List<String> params = new ArrayList<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                params.add(namesAndValues[i] + "=\"" + quotable(namesAndValues[i + 1]) + "\"");
            }
        }
        return params.isEmpty() ? "Bearer" : "Bearer " + String.join(", ", params);
    }

    /** RFC 6750 §3: a parameter value is printable ASCII without {@code "} and {@code \}; anything else becomes {@code '}. */
    static String quotable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '\'');
        }
        return out.toString();
    }
}
