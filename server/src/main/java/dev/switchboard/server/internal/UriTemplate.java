package dev.switchboard.server.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Matches URIs against an RFC 6570 level-1 template such as {@code test://template/{id}/data}:
 * each {@code {name}} matches one non-empty path segment (no {@code /}), and reserved expansion
 * {@code {+name}} matches the rest including slashes.
 */
public final class UriTemplate {
    private static final Pattern VARIABLE = Pattern.compile("\\{([+]?)([A-Za-z0-9_.]+)}");

    private final String template;
    private final Pattern pattern;
    private final List<String> names;

    /** Compiles {@code template}. */
    public UriTemplate(String template) {
        this.template = template;
        StringBuilder regex = new StringBuilder("^");
        List<String> vars = new ArrayList<>();
        Matcher m = VARIABLE.matcher(template);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start())));
            regex.append(m.group(1).isEmpty() ? "([^/?#]+)" : "(.+)");
            vars.add(m.group(2));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last))).append('$');
        this.pattern = Pattern.compile(regex.toString());
        this.names = List.copyOf(vars);
    }

    /** The template text. */
    public String template() {
        return template;
    }

    /** The variables' values when {@code uri} matches, else null. */
    public Map<String, String> match(String uri) {
        Matcher m = pattern.matcher(uri);
        if (!m.matches()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            try {
                out.put(names.get(i), java.net.URLDecoder.decode(m.group(i + 1).replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return null; // a malformed %-escape: the URI names nothing here
            }
        }
        return out;
    }
}
