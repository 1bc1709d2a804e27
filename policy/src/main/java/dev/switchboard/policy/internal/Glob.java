package dev.switchboard.policy.internal;

/**
 * A name pattern: {@code *} stands for any run of characters (also none, also {@code /}), {@code ?}
 * for exactly one; everything else matches itself, case-sensitively. No character classes, so
 * tool names with {@code [} or {@code .} need no escaping.
 *
 * <p>Every rule's globs are tested on every call, so the two common shapes are told apart once:
 * only stars (matches anything) and no wildcard at all (an exact name).
 */
public final class Glob {
    private final String pattern;
    private final boolean any;
    private final boolean literal;

    /** The pattern as written in the bundle. */
    public Glob(String pattern) {
        this.pattern = java.util.Objects.requireNonNull(pattern, "pattern");
        this.any = !pattern.isEmpty() && pattern.chars().allMatch(c -> c == '*');
        this.literal = pattern.indexOf('*') < 0 && pattern.indexOf('?') < 0;
    }

    /** The pattern as written. */
    public String pattern() {
        return pattern;
    }

    /** True when the pattern has no wildcard: it matches exactly one name, itself. */
    public boolean isLiteral() {
        return literal;
    }

    /** True when {@code name} matches the whole pattern. */
    public boolean matches(String name) {
        if (any) {
            return true;
        }
        if (literal) {
            return pattern.equals(name);
        }
        // Iterative wildcard matching with one backtrack point: linear for one '*', O(n·m) worst case,
        // and no regex engine per call.
        int p = 0;
        int n = 0;
        int star = -1;
        int mark = 0;
        while (n < name.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == name.charAt(n))) {
                p++;
                n++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = n;
            } else if (star >= 0) {
                p = star + 1;
                n = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /** True when any of {@code globs} matches {@code name}. */
    public static boolean any(java.util.List<Glob> globs, String name) {
        for (Glob g : globs) {
            if (g.matches(name)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Glob g && g.pattern.equals(pattern);
    }

    @Override
    public int hashCode() {
        return pattern.hashCode();
    }

    @Override
    public String toString() {
        return pattern;
    }
}
