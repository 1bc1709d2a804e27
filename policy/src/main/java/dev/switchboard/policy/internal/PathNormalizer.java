package dev.switchboard.policy.internal;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The CEL function {@code normalizePath(string) -> string}: resolves {@code .} and {@code ..}
 * segments, so that a rule such as {@code normalizePath(args.path).startsWith("/srv/public/")}
 * cannot be passed with {@code /srv/public/../secrets}. Backslashes count as separators (a tool on
 * Windows would treat them so), repeated separators collapse, and {@code ..} never climbs above the
 * root: {@code /../etc} is {@code /etc}. A relative path stays relative, with leading {@code ..}
 * kept, so {@code startsWith("/")}-style rules do not match it. Percent-escapes are not decoded:
 * arguments arrive as decoded JSON strings.
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
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
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
}
