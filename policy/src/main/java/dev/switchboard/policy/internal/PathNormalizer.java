package dev.switchboard.policy.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The CEL function {@code normalizePath(string) -> string}: resolves {@code .} and {@code ..}
 * segments, so that a rule such as {@code normalizePath(args.path).startsWith("/srv/public/")}
 * cannot be passed with {@code /srv/public/../secrets}. Backslashes count as separators (a tool on
 * Windows would treat them so), repeated separators collapse, and {@code ..} never climbs above the
 * root: {@code /../etc} is {@code /etc}. A relative path stays relative, with leading {@code ..}
 * kept, so {@code startsWith("/")}-style rules do not match it. Other percent-escapes are not
 * decoded (arguments arrive as decoded JSON strings), but a segment that is a dot segment once
 * decoded ({@code %2e}, {@code %2e%2e}, {@code .%2E}) counts as one, as URL parsers treat it: a
 * tool that decodes its path must not reach what the rule kept it from.
 */
public final class PathNormalizer {
    private PathNormalizer() {
    }

    /** The normalised form of {@code path}. */
    public static String normalize(String path) {
        String p = path.replace('\\', '/');
        boolean absolute = p.startsWith("/");
        Deque<String> out = new ArrayDeque<>();
        for (String segment : p.split("/")) {
            String dots = dotSegment(segment);
            if (segment.isEmpty() || dots.equals(".")) {
                continue;
            }
            if (dots.equals("..")) {
                if (!out.isEmpty() && !out.peekLast().equals("..")) {
                    out.removeLast();
                } else if (!absolute) {
                    out.addLast("..");
                }
                continue;
            }
            out.addLast(segment);
        }
        String joined = String.join("/", out);
        boolean trailing = p.endsWith("/") && !out.isEmpty();
        return (absolute ? "/" : "") + joined + (trailing ? "/" : "");
    }

    /** {@code segment} with {@code %2e} read as a dot when that leaves only dots; otherwise unchanged. */
    private static String dotSegment(String segment) {
        if (segment.length() > 6 || segment.indexOf('%') < 0) {
            return segment;
        }
        String decoded = segment.replaceAll("(?i)%2e", ".");
        return decoded.equals(".") || decoded.equals("..") ? decoded : segment;
    }
}
