package dev.switchboard.policy.internal;

/**
 * A name pattern: {@code *} stands for any run of characters (also none, also {@code /}), {@code ?}
 * for exactly one; everything else matches itself, case-sensitively. No character classes, so
 * tool names with {@code [} or {@code .} need no escaping.
 *
 * @param pattern the pattern as written in the bundle
 */
public record Glob(String pattern) {

    /** True when {@code name} matches the whole pattern. */
    public boolean matches(String name) {
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
}
