package dev.switchboard.client.auth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One challenge of a {@code WWW-Authenticate} header (RFC 9110 §11.6.1): the scheme
 * ({@code Bearer}, {@code DPoP}, ...) and its parameters, names lower-cased, quoted values
 * unquoted. A header may hold several challenges; {@link #parse(String)} returns all of them.
 *
 * @param scheme the auth scheme as sent, e.g. {@code Bearer}
 * @param params the auth parameters (lower-case names, first occurrence wins)
 * @param token68 the token68 form some schemes use instead of parameters, or null
 */
public record Challenge(String scheme, Map<String, String> params, String token68) {
    /** Copies the parameters. */
    public Challenge {
        Objects.requireNonNull(scheme, "scheme");
        params = Map.copyOf(params);
    }

    /** A parameter's value (case-insensitive name), or null. */
    public String param(String name) {
        return params.get(name.toLowerCase(Locale.ROOT));
    }

    /** True when the scheme is {@code scheme}, compared case-insensitively. */
    public boolean is(String scheme) {
        return this.scheme.equalsIgnoreCase(scheme);
    }

    /** The {@code error} parameter, e.g. {@code invalid_token} or {@code insufficient_scope}, or null. */
    public String error() {
        return param("error");
    }

    /** The {@code scope} parameter split on spaces, in order; empty when absent. */
    public Set<String> scopes() {
        String s = param("scope");
        Set<String> out = new LinkedHashSet<>();
        if (s != null) {
            Arrays.stream(s.trim().split("\\s+")).filter(x -> !x.isEmpty()).forEach(out::add);
        }
        return out;
    }

    /** The RFC 9728 {@code resource_metadata} URL as sent, or null. */
    public String resourceMetadata() {
        return param("resource_metadata");
    }

    /**
     * Parses a {@code WWW-Authenticate} header value into its challenges. Lenient: a malformed
     * tail is dropped rather than failing the whole header. Null or blank gives an empty list.
     */
    public static List<Challenge> parse(String header) {
        List<Challenge> out = new ArrayList<>();
        if (header == null) {
            return out;
        }
        Parser p = new Parser(header);
        while (true) {
            p.skipSeparators();
            String scheme = p.token();
            if (scheme == null) {
                return out; // the end, or something that is not a challenge
            }
            Map<String, String> params = new LinkedHashMap<>();
            String token68 = null;
            while (true) {
                p.skipSpaces();
                int before = p.pos;
                String name = p.token();
                p.skipSpaces();
                if (name != null && p.peek() == '=' && p.peekAt(1) != '=') {
                    p.pos++;
                    p.skipSpaces();
                    String value = p.peek() == '"' ? p.quoted() : p.token();
                    params.putIfAbsent(name.toLowerCase(Locale.ROOT), value == null ? "" : value);
                    p.skipSpaces();
                    if (p.peek() == ',') {
                        p.pos++;
                        continue;
                    }
                    break;
                }
                p.pos = before; // not a parameter: a token68, or the next challenge's scheme
                if (params.isEmpty() && token68 == null) {
                    int mark = p.pos;
                    String t = p.token68();
                    p.skipSpaces();
                    if (t != null && (p.atEnd() || p.peek() == ',')) {
                        token68 = t;
                        continue;
                    }
                    p.pos = mark;
                }
                break;
            }
            out.add(new Challenge(scheme, params, token68));
        }
    }

    private static final class Parser {
        private final String s;
        private int pos;

        Parser(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return pos >= s.length();
        }

        char peek() {
            return atEnd() ? '\0' : s.charAt(pos);
        }

        void skipSpaces() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t')) {
                pos++;
            }
        }

        void skipSeparators() {
            while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == ',')) {
                pos++;
            }
        }

        char peekAt(int offset) {
            return pos + offset >= s.length() ? '\0' : s.charAt(pos + offset);
        }

        String token() {
            int start = pos;
            while (!atEnd() && isTchar(peek())) {
                pos++;
            }
            return pos == start ? null : s.substring(start, pos);
        }

        /** A token68 ({@code 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="}). */
        String token68() {
            int start = pos;
            while (!atEnd() && (Character.isLetterOrDigit(peek()) && peek() < 128 || "-._~+/".indexOf(peek()) >= 0)) {
                pos++;
            }
            while (!atEnd() && peek() == '=') {
                pos++;
            }
            return pos == start ? null : s.substring(start, pos);
        }

        String quoted() {
            StringBuilder b = new StringBuilder();
            pos++; // opening quote
            while (!atEnd()) {
                char c = s.charAt(pos++);
                if (c == '\\' && !atEnd()) {
                    b.append(s.charAt(pos++));
                } else if (c == '"') {
                    return b.toString();
                } else {
                    b.append(c);
                }
            }
            return b.toString(); // unterminated: take what there is
        }

        private static boolean isTchar(char c) {
            return c < 128 && (Character.isLetterOrDigit(c) || "!#$%&'*+-.^_`|~".indexOf(c) >= 0);
        }
    }
}
