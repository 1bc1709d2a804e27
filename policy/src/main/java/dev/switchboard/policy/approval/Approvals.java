package dev.switchboard.policy.approval;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonNumber;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.json.JsonString;
import dev.switchboard.state.audit.CanonicalJson;
import dev.switchboard.state.kv.Counters;
import dev.switchboard.state.kv.KeyValue;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Pending approvals in the shared store: asked for by the policy interceptor, decided on the
 * approval page (any instance), redeemed once by the caller's retry.
 *
 * <p>An approval is bound to the principal's key, the server, method and target, an HMAC of the
 * arguments' canonical JSON (under a secret every instance shares, so the store never holds a
 * hash anyone could test guesses against), the bundle hash and an expiry. Deciding is first-wins
 * and using is once-only, both through {@link Counters#mark} (atomic on every backend). The
 * arguments are also kept shortened ({@link Approval#argsSummary()}) so the approver sees what
 * they approve.
 *
 * <p>The same secret signs the interceptor's {@code requestState} ({@link #signState}) and the
 * page's CSRF tokens. Thread-safe; methods may block briefly on the store.
 */
public final class Approvals {
    static final String RECORD = "approval:";
    static final String DECIDED = "approval-decided:";
    static final String USED = "approval-used:";
    private static final String TOKEN_PREFIX = "sba1.";
    private static final Duration GRACE = Duration.ofMinutes(5);
    private static final int MAX_SUMMARY_CHARS = 4000;
    private static final int MAX_STRING_CHARS = 200;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyValue store;
    private final Counters counters;
    private final byte[] argsKey;
    private final byte[] stateKey;
    private final byte[] csrfKey;
    private final Duration ttl;
    private final Supplier<URI> page;
    private final ApprovalListener listener;
    private final Clock clock;

    private Approvals(Builder b) {
        this.store = b.store;
        this.counters = b.counters;
        this.argsKey = derive(b.secret, "args");
        this.stateKey = derive(b.secret, "state");
        this.csrfKey = derive(b.secret, "csrf");
        this.ttl = b.ttl;
        this.page = b.page;
        this.listener = b.listener;
        this.clock = b.clock;
    }

    /**
     * Approvals kept in {@code store}, decided and used once through {@code counters}.
     *
     * @param secret at least 32 bytes shared by every instance (keys the argument hash and the tokens)
     * @param page   the approval page's absolute URL ({@code https://gw.example.com/approvals}); read
     *               when an approval is asked for, so it may be known only once the server listens
     */
    public static Builder builder(KeyValue store, Counters counters, byte[] secret, Supplier<URI> page) {
        return new Builder(store, counters, secret, page);
    }

    /**
     * The call an approval is about.
     *
     * @param principalKey {@code Principal.key()}
     * @param principal    {@code Principal.describe()}
     * @param callerIssuer  {@code Principal.issuer()}
     * @param callerSubject {@code Principal.subject()}
     * @param server       the server
     * @param method       the method
     * @param target       the tool, prompt or resource
     * @param args         the arguments
     * @param rule         the rule asking for approval
     * @param reason       the rule's reason, or empty
     * @param bundle       the deciding bundle's hash
     * @param approvers    the rule's approver groups; empty: the page's own
     */
    public record Call(String principalKey, String principal, String callerIssuer, String callerSubject, String server,
                       String method, String target, JsonObject args, String rule, String reason, String bundle,
                       List<String> approvers) {
        public Call {
            Objects.requireNonNull(principalKey, "principalKey");
            Objects.requireNonNull(target, "target");
            args = args == null ? JsonObject.EMPTY : args;
            Objects.requireNonNull(bundle, "bundle");
            approvers = approvers == null ? List.of() : List.copyOf(approvers);
        }
    }

    /** How long a new approval may be decided and used. */
    public Duration ttl() {
        return ttl;
    }

    /** Tells the listener that a retry of {@code call} presented an unusable approval state. */
    public void stateRefused(Call call, String problem) {
        listener.stateRefused(call, problem);
    }

    /** Asks for approval of {@code call}: stores a pending approval and tells the listener. */
    public Approval request(Call call) {
        Instant now = clock.instant();
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        Approval a = new Approval(Base64.getUrlEncoder().withoutPadding().encodeToString(id), call.principalKey(),
                call.principal(), call.callerIssuer(), call.callerSubject(), call.server(), call.method(), call.target(),
                hashArguments(call.args()), summary(call.args()), call.rule(), call.reason(), call.bundle(), now,
                now.plus(ttl), call.approvers(), Approval.Status.PENDING, "", null, null);
        store.put(RECORD + a.id(), a.toJson(), ttl.plus(GRACE));
        listener.requested(a);
        return a;
    }

    /** The approval with {@code id}, or null when there is none (never asked, or long expired). */
    public Approval find(String id) {
        if (id == null || id.length() > 64) {
            return null;
        }
        JsonObject o = store.get(RECORD + id);
        return o == null ? null : Approval.fromJson(o);
    }

    /** The page where a person decides {@code approval}. */
    public URI pageUrl(Approval approval) {
        String base = page.get().toString();
        return URI.create(base + (base.contains("?") ? "&" : "?") + "id=" + approval.id());
    }

    /**
     * Records a person's decision. The first decision wins: a second one, an expired or unknown
     * approval changes nothing.
     *
     * @param by  who decided, for people (the page passes the approver, or without sign-in the client's address)
     * @param who the signed-in person who decided, or null without sign-in
     * @return the approval as decided, or null when {@code id} was unknown, expired or already decided
     */
    public Approval decide(String id, boolean approve, String by, Approver who) {
        Approval a = find(id);
        Instant now = clock.instant();
        if (a == null || a.expiredAt(now) || a.status() != Approval.Status.PENDING) {
            return null;
        }
        Duration left = Duration.between(now, a.expires());
        if (!counters.mark(DECIDED + id, left.plus(GRACE))) {
            return null; // someone decided meanwhile, maybe on another instance
        }
        Approval decided = a.decided(approve ? Approval.Status.APPROVED : Approval.Status.REJECTED, by, who, now);
        store.put(RECORD + id, decided.toJson(), left.plus(GRACE));
        listener.decided(decided);
        return decided;
    }

    /**
     * Tells the listener that {@code who} tried to decide {@code a} and was not allowed to; the
     * approval stays as it was.
     */
    public void refused(Approval a, Approver who, Approvers.Refusal why) {
        listener.decisionRefused(a, who, why);
    }

    /**
     * Presents approval {@code id} for {@code call}: {@link Redemption#USED} (and the approval
     * consumed) only when it was approved, for this very call, within its time, and never used.
     */
    public Redemption redeem(String id, Call call) {
        Approval a = find(id);
        Redemption r = check(a, call);
        if (r == Redemption.USED && !counters.mark(USED + id, Duration.between(clock.instant(), a.expires()).plus(GRACE))) {
            r = Redemption.ALREADY_USED;
        }
        if (a != null && r != Redemption.PENDING) {
            listener.redeemed(a, r);
        }
        return r;
    }

    /**
     * What {@link #redeem} would answer now, without using the approval or telling the listener:
     * lets a caller run its own checks (rate limits) only for a call that would go ahead.
     */
    public Redemption peek(String id, Call call) {
        return check(find(id), call);
    }

    private Redemption check(Approval a, Call call) {
        if (a == null) {
            return Redemption.EXPIRED;
        }
        if (!a.principalKey().equals(call.principalKey()) || !a.target().equals(call.target())
                || !Objects.equals(a.server(), call.server()) || !Objects.equals(a.method(), call.method())) {
            return Redemption.OTHER_CALL;
        }
        if (!a.bundle().equals(call.bundle())) {
            return Redemption.BUNDLE_CHANGED;
        }
        if (!MessageDigest.isEqual(a.argsHash().getBytes(StandardCharsets.US_ASCII),
                hashArguments(call.args()).getBytes(StandardCharsets.US_ASCII))) {
            return Redemption.ARGUMENTS_CHANGED;
        }
        if (a.expiredAt(clock.instant())) {
            return Redemption.EXPIRED;
        }
        return switch (a.status()) {
            case PENDING -> Redemption.PENDING;
            case REJECTED -> Redemption.REJECTED;
            case APPROVED -> counters.isMarked(USED + a.id()) ? Redemption.ALREADY_USED : Redemption.USED;
        };
    }

    /** {@code hmac-sha256:<hex>} of the canonical JSON of {@code args}, under the shared secret. */
    public String hashArguments(JsonObject args) {
        return "hmac-sha256:" + HexFormat.of().formatHex(hmac(argsKey, CanonicalJson.encode(args)));
    }

    /**
     * A signed token carrying {@code payload} until {@code ttl} from now: what the interceptor
     * puts in {@code requestState}. Signed, not encrypted: it holds ids and hashes, no secrets.
     */
    public String signState(JsonObject payload, Duration ttl) {
        JsonObject body = payload.with("exp", Json.of(clock.millis() + ttl.toMillis()));
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(CanonicalJson.encode(body));
        return TOKEN_PREFIX + encoded + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(hmac(stateKey, encoded.getBytes(StandardCharsets.US_ASCII)));
    }

    /** True when {@code token} has this class's token form, valid or not. */
    public static boolean isStateToken(String token) {
        return token != null && token.startsWith(TOKEN_PREFIX);
    }

    /**
     * The payload of a token from {@link #signState}.
     *
     * @throws IllegalArgumentException saying why when it is malformed, forged, altered or expired
     */
    public JsonObject openState(String token) {
        if (!isStateToken(token) || token.length() > 16 * 1024) {
            throw new IllegalArgumentException("not an approval state token");
        }
        int dot = token.indexOf('.', TOKEN_PREFIX.length());
        if (dot < 0) {
            throw new IllegalArgumentException("malformed approval state");
        }
        String encoded = token.substring(TOKEN_PREFIX.length(), dot);
        byte[] sig;
        JsonObject body;
        try {
            sig = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(sig, hmac(stateKey, encoded.getBytes(StandardCharsets.US_ASCII)))) {
                throw new IllegalArgumentException("approval state was altered or signed by another deployment");
            }
            body = (JsonObject) Wire.parse(Base64.getUrlDecoder().decode(encoded));
        } catch (RuntimeException e) {
            throw e instanceof IllegalArgumentException iae && iae.getMessage().startsWith("approval state")
                    ? iae : new IllegalArgumentException("malformed approval state", e);
        }
        if (!(body.get("exp") instanceof JsonNumber exp) || !exp.fitsLong() || exp.longValue() <= clock.millis()) {
            throw new IllegalArgumentException("approval state expired");
        }
        return body.without("exp");
    }

    /** The CSRF token the page embeds in its form for {@code approvalId}, tied to the browser's {@code nonce} cookie. */
    String csrf(String approvalId, String nonce) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                hmac(csrfKey, (approvalId + "|" + nonce).getBytes(StandardCharsets.UTF_8)));
    }

    /** True when {@code token} is {@link #csrf} of these values (constant time). */
    boolean csrfMatches(String approvalId, String nonce, String token) {
        return token != null && nonce != null && !nonce.isEmpty()
                && MessageDigest.isEqual(csrf(approvalId, nonce).getBytes(StandardCharsets.US_ASCII),
                token.getBytes(StandardCharsets.US_ASCII));
    }

    Instant now() {
        return clock.instant();
    }

    /** The arguments for the approver: every string over 200 characters cut, the whole cut at 4000. */
    static String summary(JsonObject args) {
        String s = new String(Wire.write(shorten(args)), StandardCharsets.UTF_8);
        return s.length() <= MAX_SUMMARY_CHARS ? s : s.substring(0, MAX_SUMMARY_CHARS) + "… (" + s.length() + " characters)";
    }

    private static Json shorten(Json json) {
        return switch (json) {
            case JsonString s when s.value().length() > MAX_STRING_CHARS ->
                    new JsonString(s.value().substring(0, MAX_STRING_CHARS) + "… (" + s.value().length() + " characters)");
            case JsonObject o -> {
                Map<String, Json> m = new LinkedHashMap<>();
                o.members().forEach((k, v) -> m.put(k, shorten(v)));
                yield JsonObject.copyOf(m);
            }
            case JsonArray a -> {
                List<Json> items = new ArrayList<>(a.size());
                a.values().forEach(v -> items.add(shorten(v)));
                yield new JsonArray(items);
            }
            default -> json;
        };
    }

    private static byte[] derive(byte[] secret, String purpose) {
        return hmac(secret, ("switchboard approvals " + purpose).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Settings of {@link Approvals}. */
    public static final class Builder {
        private final KeyValue store;
        private final Counters counters;
        private final byte[] secret;
        private final Supplier<URI> page;
        private Duration ttl = Duration.ofMinutes(10);
        private ApprovalListener listener = ApprovalListener.NONE;
        private Clock clock = Clock.systemUTC();

        private Builder(KeyValue store, Counters counters, byte[] secret, Supplier<URI> page) {
            this.store = Objects.requireNonNull(store, "store");
            this.counters = Objects.requireNonNull(counters, "counters");
            if (secret == null || secret.length < 32) {
                throw new IllegalArgumentException("the approvals secret must be at least 32 bytes");
            }
            this.secret = secret.clone();
            this.page = Objects.requireNonNull(page, "page");
        }

        /** How long an approval may be decided and used (default 10 minutes, at least 10 seconds). */
        public Builder ttl(Duration ttl) {
            if (ttl.compareTo(Duration.ofSeconds(10)) < 0) {
                throw new IllegalArgumentException("an approval must live at least 10s, got " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        /** Hears requests, decisions and uses (the auditor). */
        public Builder listener(ApprovalListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The clock (tests). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The approvals. */
        public Approvals build() {
            return new Approvals(this);
        }
    }
}
