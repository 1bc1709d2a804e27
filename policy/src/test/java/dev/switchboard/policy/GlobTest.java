package dev.switchboard.policy;

import dev.switchboard.policy.internal.Glob;
import dev.switchboard.policy.internal.PathNormalizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class GlobTest {
    @ParameterizedTest
    @CsvSource({
            "*, anything, true",
            "*, '', true",
            "read_*, read_file, true",
            "read_*, read_, true",
            "read_*, xread_file, false",
            "*_file, read_file, true",
            "*_file, read_files, false",
            "a*b*c, aXXbYYc, true",
            "a*b*c, aXXbYY, false",
            "a?c, abc, true",
            "a?c, ac, false",
            "finance.*, finance.pay, true",
            "finance.*, financeXpay, false",
            "[x], [x], true",
            "file:///srv/*, file:///srv/a/b.txt, true",
            "exact, exact, true",
            "exact, Exact, false",
            "exact, exac, false",
            "exact, exactly, false",
            "'', '', true",
            "'', x, false",
            "**, '', true",
            "**, a/b, true",
            "*?, '', false",
            "?, x, true",
    })
    void matches(String pattern, String name, boolean expected) {
        assertThat(new Glob(pattern).matches(name)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
            "/srv/public/a.txt, /srv/public/a.txt",
            "/srv/public/../secret, /srv/secret",
            "/srv//public/./a, /srv/public/a",
            "/../../etc/passwd, /etc/passwd",
            "'\\srv\\public\\..\\x', /srv/x",
            "a/../../b, ../b",
            "/srv/public/, /srv/public/",
            "/, /",
            // percent-encoded dot segments count as dot segments (as URL parsers treat them)
            "/srv/public/%2e%2e/secret, /srv/secret",
            "/srv/public/%2E%2e/secret, /srv/secret",
            "/srv/public/.%2e/secret, /srv/secret",
            "/srv/public/%2e./secret, /srv/secret",
            "/srv/public/%2e/a, /srv/public/a",
            "/srv/public/%2e%2e%2fsecret, /srv/public/%2e%2e%2fsecret",
            "/srv/public/a%2e%2e, /srv/public/a%2e%2e",
    })
    void normalisesPaths(String path, String expected) {
        assertThat(PathNormalizer.normalize(path)).isEqualTo(expected);
    }
}
