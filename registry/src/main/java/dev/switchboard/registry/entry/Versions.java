package dev.switchboard.registry.entry;

import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Version strings as the official registry treats them: a version names one release, so ranges
 * and floating tags are refused; semantic versions order by precedence, anything else is ordered
 * by when it was published.
 */
public final class Versions {
    private static final Pattern SEMVER = Pattern.compile(
            "^v?(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?$");
    private static final Pattern RANGE = Pattern.compile("^[\\^~<>=]|\\|\\||\\s-\\s|(^|\\.)[xX*](\\.|$)");

    private Versions() {
    }

    /** Why {@code version} cannot name a release, or null when it can. */
    public static String problem(String version) {
        if (version == null || version.isBlank()) {
            return "the version is missing";
        }
        if (version.equalsIgnoreCase("latest")) {
            return "the version must name one release; \"latest\" is reserved for lookups";
        }
        if (RANGE.matcher(version.strip()).find()) {
            return "the version \"" + version + "\" is a range; a version must name one release, e.g. 1.2.3";
        }
        return null;
    }

    /** True when {@code version} is a semantic version (with an optional leading {@code v}). */
    public static boolean isSemantic(String version) {
        return SEMVER.matcher(version).matches();
    }

    /**
     * Semantic-version precedence (build metadata ignored, a pre-release below its release).
     * Only meaningful when both are {@link #isSemantic semantic}.
     */
    public static final Comparator<String> SEMANTIC = (a, b) -> {
        Matcher x = SEMVER.matcher(a);
        Matcher y = SEMVER.matcher(b);
        if (!x.matches() || !y.matches()) {
            throw new IllegalArgumentException("not semantic versions: " + a + ", " + b);
        }
        for (int i = 1; i <= 3; i++) {
            int c = new java.math.BigInteger(x.group(i)).compareTo(new java.math.BigInteger(y.group(i)));
            if (c != 0) {
                return c;
            }
        }
        return comparePre(x.group(4), y.group(4));
    };

    private static int comparePre(String a, String b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : 1) : -1; // a release outranks its pre-releases
        }
        String[] p = a.split("\\.");
        String[] q = b.split("\\.");
        for (int i = 0; i < Math.min(p.length, q.length); i++) {
            boolean pn = p[i].matches("\\d+");
            boolean qn = q[i].matches("\\d+");
            int c = pn && qn ? new java.math.BigInteger(p[i]).compareTo(new java.math.BigInteger(q[i]))
                    : pn ? -1 : qn ? 1 : p[i].compareTo(q[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(p.length, q.length);
    }
}
