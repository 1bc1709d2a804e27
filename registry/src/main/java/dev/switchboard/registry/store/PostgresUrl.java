package dev.switchboard.registry.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Properties;

/**
 * Where a PostgreSQL database is, as configured: {@code postgresql://[user[:password]@]host[:port]/database[?param=value&...]}
 * (also {@code postgres://}, and {@code jdbc:postgresql://} as the driver writes it). Query parameters
 * are the driver's connection properties ({@code sslmode}, {@code connectTimeout}, ...).
 *
 * @param jdbcUrl  the driver's URL, without the user and password
 * @param user     the user, or null for the driver's default
 * @param password the password, or null
 * @param shown    the URL with any password masked, for messages and logs
 */
public record PostgresUrl(String jdbcUrl, String user, String password, String shown) {
    private static final String FORM = "postgresql://[user[:password]@]host[:port]/database";

    public PostgresUrl {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(shown, "shown");
    }

    /** Whether {@code text} names a PostgreSQL database (by its scheme), rightly or not. */
    public static boolean looksLike(String text) {
        String t = text.strip();
        return t.startsWith("postgresql:") || t.startsWith("postgres:") || t.startsWith("jdbc:postgresql:");
    }

    /**
     * Parses {@code text}.
     *
     * @throws IllegalArgumentException saying what is wrong and which form is expected (a password is never repeated)
     */
    public static PostgresUrl parse(String text) {
        String t = Objects.requireNonNull(text, "text").strip();
        String rest = t.startsWith("jdbc:") ? t.substring(5) : t;
        URI uri;
        try {
            uri = new URI(rest);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a PostgreSQL URL (" + e.getReason() + "); expected " + FORM);
        }
        String scheme = uri.getScheme();
        if (!"postgresql".equals(scheme) && !"postgres".equals(scheme)) {
            throw new IllegalArgumentException("not a PostgreSQL URL: the scheme must be postgresql:// (got "
                    + (scheme == null ? "none" : scheme + "://") + "); expected " + FORM);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("a PostgreSQL URL needs a host; expected " + FORM);
        }
        String path = uri.getRawPath();
        if (path == null || path.length() < 2 || path.indexOf('/', 1) >= 0) {
            throw new IllegalArgumentException("a PostgreSQL URL needs exactly one database name after the host; expected " + FORM);
        }
        String user = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        String host = uri.getHost().contains(":") && !uri.getHost().startsWith("[") ? "[" + uri.getHost() + "]" : uri.getHost();
        String hostPort = host + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        String jdbc = "jdbc:postgresql://" + hostPort + path + query;
        String shown = "postgresql://" + (user == null ? "" : user + (password == null ? "" : ":***") + "@") + hostPort + path + query;
        if (query.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
            shown = "postgresql://" + (user == null ? "" : user + "@") + hostPort + path + "?***";
        }
        return new PostgresUrl(jdbc, user, password, shown);
    }

    /** The user and password as driver properties. */
    Properties properties() {
        Properties p = new Properties();
        if (user != null) {
            p.setProperty("user", user);
        }
        if (password != null) {
            p.setProperty("password", password);
        }
        return p;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return shown;
    }
}
