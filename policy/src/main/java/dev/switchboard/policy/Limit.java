package dev.switchboard.policy;

import dev.switchboard.state.kv.SlidingWindow;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rate-limit obligation of a rule ({@code limit: {rate: 10/1m, per: [principal, tool]}}): when
 * the rule matches and the call goes ahead, at most {@code permits} such calls run per
 * {@code window}, counted separately for each combination of the {@code per} keys (one count for
 * everyone when {@code per} is empty). A long window makes it a budget ({@code 500/1d}).
 *
 * @param ruleId  the rule carrying it; names the limit in errors
 * @param permits calls allowed per window, at least 1
 * @param window  the window, at least one second
 * @param per     what the count is kept per, in the order written
 */
public record Limit(String ruleId, long permits, Duration window, List<Key> per) {
    private static final Pattern RATE = Pattern.compile("([1-9][0-9]{0,8})/([1-9][0-9]{0,5})?([smhd])");

    public Limit {
        Objects.requireNonNull(ruleId, "ruleId");
        if (permits < 1) {
            throw new IllegalArgumentException("a limit needs at least 1 call per window");
        }
        if (window.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("a limit's window must be at least 1s");
        }
        new SlidingWindow(permits, window); // refuses a rate too fine to count exactly, before any call
        per = List.copyOf(per);
    }

    /** What a count is kept per. */
    public enum Key {
        /** The principal: issuer, subject and the chain of agents ({@code Principal.key()}). */
        PRINCIPAL,
        /** The immediate calling agent (one count for direct calls, which have none). */
        AGENT,
        /** The server the call is for. */
        SERVER,
        /** The tool, prompt or resource called. */
        TOOL;

        /** {@code principal}, {@code agent}, {@code server}, {@code tool}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Reads {@code 10/1m}, {@code 5/s}, {@code 1000/1d}: calls per (optionally counted) seconds,
     * minutes, hours or days.
     *
     * @throws IllegalArgumentException saying what a rate looks like
     */
    public static Limit parse(String ruleId, String rate, List<Key> per) {
        Matcher m = RATE.matcher(rate == null ? "" : rate.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("rate \"" + rate + "\" is not CALLS/WINDOW, e.g. 10/1m, 5/s, 1000/1d");
        }
        long n = m.group(2) == null ? 1 : Long.parseLong(m.group(2));
        Duration unit = switch (m.group(3)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            case "h" -> Duration.ofHours(1);
            default -> Duration.ofDays(1);
        };
        return new Limit(ruleId, Long.parseLong(m.group(1)), unit.multipliedBy(n), per);
    }

    /** The rate as written in canonical form: {@code 10/1m}. */
    public String rate() {
        long s = window.toSeconds();
        String w = s % 86_400 == 0 ? s / 86_400 + "d" : s % 3_600 == 0 ? s / 3_600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
        return permits + "/" + w;
    }

    /** {@code 10/1m per principal and tool}, for explanations. */
    public String describe() {
        return rate() + (per.isEmpty() ? " for everyone together"
                : " per " + String.join(" and ", per.stream().map(Key::wireName).toList()));
    }
}
