package dev.switchboard.registry.publish;

import dev.switchboard.outbound.OutboundException;
import dev.switchboard.outbound.SafeHttpClient;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proof that a publisher controls a domain, as the official registry's HTTP method has it: the
 * domain serves {@code /.well-known/mcp-registry-auth} holding {@code v=MCPv1; k=ed25519; p=<base64
 * public key>}, and the publisher signs the current time with the matching private key. A valid
 * proof for {@code example.com} grants the namespace {@code com.example}.
 *
 * <p>The key file is fetched through the {@link SafeHttpClient} (no private targets). A signed
 * time is accepted within {@link #WINDOW} of the registry's clock, and only once. Ed25519 is the
 * JDK's own (no library).
 */
public final class NamespaceProof {
    /** How far a signed timestamp may be from the registry's clock. */
    public static final Duration WINDOW = Duration.ofMinutes(5);
    /** The well-known path of the key file. */
    public static final String WELL_KNOWN = "/.well-known/mcp-registry-auth";
    private static final Pattern RECORD = Pattern.compile("v=MCPv1;\\s*k=ed25519;\\s*p=([A-Za-z0-9+/=]+)");
    private static final Pattern DOMAIN = Pattern.compile(
            "^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$");
    /** The DER prefix that makes a raw 32-byte Ed25519 key an X.509 SubjectPublicKeyInfo. */
    private static final byte[] X509_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final SafeHttpClient http;
    private final Clock clock;
    private final Function<String, URI> keyFile;
    private final Map<String, Instant> used = new ConcurrentHashMap<>();

    /**
     * Proofs checked against {@code https://<domain>/.well-known/mcp-registry-auth}.
     */
    public NamespaceProof(SafeHttpClient http, Clock clock) {
        this(http, clock, domain -> URI.create("https://" + domain + WELL_KNOWN));
    }

    /** Proofs whose key file for a domain is at {@code keyFile.apply(domain)} (tests, local setups). */
    public NamespaceProof(SafeHttpClient http, Clock clock, Function<String, URI> keyFile) {
        this.http = http;
        this.clock = clock;
        this.keyFile = keyFile;
    }

    /** A refused proof; the message says what to fix. */
    public static final class ProofException extends Exception {
        ProofException(String message) {
            super(message);
        }
    }

    /**
     * Checks a proof and returns the namespace it grants.
     *
     * @param domain          e.g. {@code example.com}
     * @param timestamp       an RFC 3339 time, e.g. {@code 2026-01-01T12:00:00Z}
     * @param signedTimestamp the Ed25519 signature of the timestamp's UTF-8 bytes, in hex
     * @return the reverse-DNS namespace, e.g. {@code com.example}
     * @throws ProofException naming what is wrong: the domain, the time, the key file, the signature
     */
    public String verify(String domain, String timestamp, String signedTimestamp) throws ProofException {
        String d = domain == null ? "" : domain.strip().toLowerCase(java.util.Locale.ROOT);
        if (!DOMAIN.matcher(d).matches()) {
            throw new ProofException("domain must be a DNS name such as example.com, got \"" + domain + "\"");
        }
        Instant at;
        try {
            at = Instant.parse(timestamp);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new ProofException("timestamp must be an RFC 3339 UTC time such as 2026-01-01T12:00:00Z");
        }
        Instant now = clock.instant();
        if (Duration.between(at, now).abs().compareTo(WINDOW) > 0) {
            throw new ProofException("timestamp " + timestamp + " is more than " + WINDOW.toMinutes()
                    + " minutes from the registry's time " + now + "; sign the current time");
        }
        byte[] signature;
        try {
            signature = HexFormat.of().parseHex(signedTimestamp == null ? "" : signedTimestamp);
        } catch (IllegalArgumentException e) {
            throw new ProofException("signedTimestamp must be the signature in hex");
        }
        PublicKey key = key(d);
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(timestamp.getBytes(StandardCharsets.UTF_8));
            if (!verifier.verify(signature)) {
                throw new ProofException("the signature does not match the key published at " + keyFile.apply(d));
            }
        } catch (GeneralSecurityException e) {
            throw new ProofException("the signature does not match the key published at " + keyFile.apply(d)
                    + " (" + e.getMessage() + ")");
        }
        used.values().removeIf(expiry -> expiry.isBefore(now));
        if (used.putIfAbsent(d + " " + signedTimestamp.toLowerCase(java.util.Locale.ROOT), at.plus(WINDOW)) != null) {
            throw new ProofException("this signed timestamp was already used; sign a new one");
        }
        String[] labels = d.split("\\.");
        StringBuilder namespace = new StringBuilder();
        for (int i = labels.length - 1; i >= 0; i--) {
            namespace.append(labels[i]).append(i == 0 ? "" : ".");
        }
        return namespace.toString();
    }

    private PublicKey key(String domain) throws ProofException {
        URI url = keyFile.apply(domain);
        String text;
        try {
            text = http.get(url, Set.of("text/plain", "application/octet-stream")).text();
        } catch (OutboundException e) {
            throw new ProofException("cannot read the key file: " + e.getMessage());
        }
        Matcher m = RECORD.matcher(text);
        if (!m.find()) {
            throw new ProofException(url + " must hold \"v=MCPv1; k=ed25519; p=<base64 public key>\"");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(m.group(1));
        } catch (IllegalArgumentException e) {
            throw new ProofException(url + ": the public key is not base64");
        }
        if (raw.length != 32) {
            throw new ProofException(url + ": an Ed25519 public key has 32 bytes, got " + raw.length);
        }
        byte[] der = new byte[X509_PREFIX.length + 32];
        System.arraycopy(X509_PREFIX, 0, der, 0, X509_PREFIX.length);
        System.arraycopy(raw, 0, der, X509_PREFIX.length, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new ProofException(url + ": not an Ed25519 public key (" + e.getMessage() + ")");
        }
    }
}
