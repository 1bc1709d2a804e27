package dev.switchboard.cli;

import dev.switchboard.auth.MembershipClaims;
import dev.switchboard.auth.signin.SignIn;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigFile;
import dev.switchboard.config.Settings;
import dev.switchboard.config.Settings.Key;
import dev.switchboard.policy.SharedBundle;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The governance settings {@code serve} and {@code gateway} share (a picocli mixin): OAuth
 * protection, the policy bundle and the audit log, each also from a {@code SWITCHBOARD_*} variable
 * or the configuration file. {@link Governance} runs what they describe.
 */
final class GovernanceOptions {
    static final Key AUTH_ISSUERS = new Key("--auth-issuer", "SWITCHBOARD_AUTH_ISSUERS", "/auth/issuers");
    static final Key AUTH_RESOURCE = new Key("--auth-resource", "SWITCHBOARD_AUTH_RESOURCE", "/auth/resource");
    static final Key AUTH_SCOPES = new Key("--auth-scope", "SWITCHBOARD_AUTH_SCOPES", "/auth/scopes");
    static final Key AUTH_LOCAL = new Key("--auth-allow-local-issuer", "SWITCHBOARD_AUTH_ALLOW_LOCAL_ISSUER", "/auth/allowLocalIssuer");
    static final Key AUTH_GROUPS_CLAIM = new Key("--auth-groups-claim", "SWITCHBOARD_AUTH_GROUPS_CLAIM", "/auth/claims/groups");
    static final Key AUTH_ROLES_CLAIM = new Key("--auth-roles-claim", "SWITCHBOARD_AUTH_ROLES_CLAIM", "/auth/claims/roles");
    static final Key AUTH_TENANT_CLAIM = new Key("--auth-tenant-claim", "SWITCHBOARD_AUTH_TENANT_CLAIM", "/auth/claims/tenant");
    static final Key POLICY = new Key("--policy", "SWITCHBOARD_POLICY", "/policy/bundle");
    static final Key POLICY_NAME = new Key("--policy-name", "SWITCHBOARD_POLICY_NAME", "/policy/name");
    static final Key POLICY_SERVER = new Key("--policy-server", "SWITCHBOARD_POLICY_SERVER", "/policy/server");
    static final Key POLICY_WATCH = new Key("--policy-watch", "SWITCHBOARD_POLICY_WATCH", "/policy/watch");
    static final Key APPROVAL_URL = new Key("--approval-url", "SWITCHBOARD_APPROVAL_URL", "/policy/approvals/url");
    static final Key APPROVAL_TTL = new Key("--approval-ttl", "SWITCHBOARD_APPROVAL_TTL", "/policy/approvals/ttl");
    static final Key SIGNIN_ISSUER = new Key("--approval-signin-issuer", "SWITCHBOARD_APPROVAL_SIGNIN_ISSUER",
            "/policy/approvals/signIn/issuer");
    static final Key SIGNIN_CLIENT_ID = new Key("--approval-signin-client-id", "SWITCHBOARD_APPROVAL_SIGNIN_CLIENT_ID",
            "/policy/approvals/signIn/clientId");
    /** Only from the environment: a secret belongs in neither a file nor a command line (which others can read). */
    static final Key SIGNIN_CLIENT_SECRET = new Key(null, "SWITCHBOARD_APPROVAL_SIGNIN_CLIENT_SECRET", null);
    static final Key SIGNIN_REDIRECT = new Key("--approval-signin-redirect-uri", "SWITCHBOARD_APPROVAL_SIGNIN_REDIRECT_URI",
            "/policy/approvals/signIn/redirectUri");
    static final Key SIGNIN_SCOPES = new Key("--approval-signin-scope", "SWITCHBOARD_APPROVAL_SIGNIN_SCOPES",
            "/policy/approvals/signIn/scopes");
    static final Key SIGNIN_GROUPS_CLAIM = new Key("--approval-signin-groups-claim", "SWITCHBOARD_APPROVAL_SIGNIN_GROUPS_CLAIM",
            "/policy/approvals/signIn/groupsClaim");
    static final Key SIGNIN_APPROVERS = new Key("--approver-group", "SWITCHBOARD_APPROVER_GROUPS",
            "/policy/approvals/signIn/approverGroups");
    static final Key SIGNIN_SESSION = new Key("--approval-signin-session", "SWITCHBOARD_APPROVAL_SIGNIN_SESSION",
            "/policy/approvals/signIn/session");
    static final Key SIGNIN_LOCAL = new Key("--approval-signin-allow-local-issuer", "SWITCHBOARD_APPROVAL_SIGNIN_ALLOW_LOCAL_ISSUER",
            "/policy/approvals/signIn/allowLocalIssuer");
    static final Key AUDIT = new Key("--audit", "SWITCHBOARD_AUDIT", "/audit/sink");
    static final Key AUDIT_KEY = new Key("--audit-key", "SWITCHBOARD_AUDIT_KEY", "/audit/key");
    static final Key AUDIT_HEAD = new Key("--audit-head", "SWITCHBOARD_AUDIT_HEAD", "/audit/head");
    static final Key AUDIT_NAME = new Key("--audit-name", "SWITCHBOARD_AUDIT_NAME", "/audit/name");
    static final Key AUDIT_SPOOL = new Key("--audit-spool", "SWITCHBOARD_AUDIT_SPOOL", "/audit/spool");
    static final Key AUDIT_EVERY = new Key("--audit-checkpoint-every", "SWITCHBOARD_AUDIT_CHECKPOINT_EVERY", "/audit/checkpoint/records");
    static final Key AUDIT_INTERVAL = new Key("--audit-checkpoint-interval", "SWITCHBOARD_AUDIT_CHECKPOINT_INTERVAL",
            "/audit/checkpoint/interval");
    static final Key AUDIT_QUEUE = new Key("--audit-queue", "SWITCHBOARD_AUDIT_QUEUE", "/audit/queue");
    static final Key AUDIT_ROTATE = new Key("--audit-rotate-mb", "SWITCHBOARD_AUDIT_ROTATE_MB", "/audit/rotateMb");
    static final Key AUDIT_RAW = new Key("--audit-raw-arguments", "SWITCHBOARD_AUDIT_RAW_ARGUMENTS", "/audit/rawArguments");

    @Option(names = "--auth-issuer", paramLabel = "URL",
            description = "Require OAuth access tokens from this authorization server (repeatable; env SWITCHBOARD_AUTH_ISSUERS, comma-separated).")
    List<String> authIssuers;

    @Option(names = "--auth-resource", paramLabel = "URI",
            description = "This endpoint's canonical URI, the audience tokens must name (env SWITCHBOARD_AUTH_RESOURCE; default http://HOST:PORT/PATH).")
    String authResource;

    @Option(names = "--auth-scope", paramLabel = "SCOPE",
            description = "A scope every request needs (repeatable; env SWITCHBOARD_AUTH_SCOPES, comma-separated).")
    List<String> authScopes;

    @Option(names = "--auth-allow-local-issuer",
            description = "Let the issuer be on plain http, loopback or a private network (env SWITCHBOARD_AUTH_ALLOW_LOCAL_ISSUER; for development).")
    Boolean authAllowLocal;

    @Option(names = "--auth-groups-claim", paramLabel = "CLAIM",
            description = "The token claim holding the caller's groups, principal.groups in policy; a dotted name reaches "
                    + "into objects, empty reads none (env SWITCHBOARD_AUTH_GROUPS_CLAIM; default groups).")
    String authGroupsClaim;

    @Option(names = "--auth-roles-claim", paramLabel = "CLAIM",
            description = "The token claim holding the caller's roles, principal.roles (env SWITCHBOARD_AUTH_ROLES_CLAIM; "
                    + "default roles; e.g. realm_access.roles for Keycloak).")
    String authRolesClaim;

    @Option(names = "--auth-tenant-claim", paramLabel = "CLAIM",
            description = "The token claim holding the caller's tenant, principal.tenant (env SWITCHBOARD_AUTH_TENANT_CLAIM; "
                    + "default tenant; tid for Entra ID).")
    String authTenantClaim;

    @Option(names = "--policy", paramLabel = "FILE",
            description = "Enforce this policy bundle on tools/call, prompts/get and resources/read, and filter lists; 'redis' "
                    + "runs the bundle published in the shared state with 'switchboard policy publish' and follows each new "
                    + "publication (env SWITCHBOARD_POLICY).")
    Path policy;

    @Option(names = "--policy-name", paramLabel = "NAME",
            description = "With --policy redis: the published bundle's name (env SWITCHBOARD_POLICY_NAME; default "
                    + SharedBundle.DEFAULT_NAME + ").")
    String policyName;

    @Option(names = "--policy-server", paramLabel = "NAME",
            description = "The name rules see as 'server' (env SWITCHBOARD_POLICY_SERVER; default this server's MCP name). "
                    + "In a gateway, rules see the upstream serving each tool, prompt or resource; this names the rest.")
    String policyServer;

    @Option(names = "--policy-watch", paramLabel = "BOOLEAN", arity = "0..1", fallbackValue = "true",
            description = "Reload the bundle when its file changes; an invalid file is refused and the running bundle kept "
                    + "(env SWITCHBOARD_POLICY_WATCH; default true).")
    Boolean policyWatch;

    @Option(names = "--approval-url", paramLabel = "URL",
            description = "The approval page's public URL, put in approval requests (env SWITCHBOARD_APPROVAL_URL; default "
                    + "http://HOST:PORT" + Governance.APPROVAL_PATH + " of this endpoint; set it behind a proxy).")
    String approvalUrl;

    @Option(names = "--approval-ttl", paramLabel = "DURATION",
            description = "How long a pending approval may be decided and used (env SWITCHBOARD_APPROVAL_TTL; default 10m).")
    String approvalTtl;

    @Option(names = "--approval-signin-issuer", paramLabel = "URL",
            description = "Approvers sign in with this OpenID Connect provider before deciding; the caller can then never "
                    + "approve their own call (env SWITCHBOARD_APPROVAL_SIGNIN_ISSUER; default none: anyone with the link decides). "
                    + "The client secret is read from SWITCHBOARD_APPROVAL_SIGNIN_CLIENT_SECRET only.")
    String signInIssuer;

    @Option(names = "--approval-signin-client-id", paramLabel = "ID",
            description = "The approval page's client id at the provider (env SWITCHBOARD_APPROVAL_SIGNIN_CLIENT_ID).")
    String signInClientId;

    @Option(names = "--approval-signin-redirect-uri", paramLabel = "URL",
            description = "The sign-in callback registered at the provider (env SWITCHBOARD_APPROVAL_SIGNIN_REDIRECT_URI; "
                    + "default the approval page's URL + /callback; it must reach this endpoint's /approvals/callback on the "
                    + "page's host).")
    String signInRedirect;

    @Option(names = "--approval-signin-scope", paramLabel = "SCOPE",
            description = "A scope to ask for at sign-in (repeatable; env SWITCHBOARD_APPROVAL_SIGNIN_SCOPES, comma-separated; "
                    + "default openid profile email; openid is always asked).")
    List<String> signInScopes;

    @Option(names = "--approval-signin-groups-claim", paramLabel = "CLAIM",
            description = "The ID token claim holding the approver's groups; a dotted name reaches into objects "
                    + "(env SWITCHBOARD_APPROVAL_SIGNIN_GROUPS_CLAIM; default groups).")
    String signInGroupsClaim;

    @Option(names = "--approver-group", paramLabel = "GROUP",
            description = "With sign-in: a group whose members may decide (repeatable; env SWITCHBOARD_APPROVER_GROUPS, "
                    + "comma-separated; default none: any signed-in person other than the caller).")
    List<String> approverGroups;

    @Option(names = "--approval-signin-session", paramLabel = "DURATION",
            description = "How long an approver stays signed in (env SWITCHBOARD_APPROVAL_SIGNIN_SESSION; default 15m).")
    String signInSession;

    @Option(names = "--approval-signin-allow-local-issuer",
            description = "Let the sign-in provider be on plain http, loopback or a private network "
                    + "(env SWITCHBOARD_APPROVAL_SIGNIN_ALLOW_LOCAL_ISSUER; for development).")
    Boolean signInAllowLocal;

    @Option(names = "--audit", paramLabel = "SINK",
            description = "Record every decision and authentication refusal: a JSONL FILE, or 'redis' for one chain in the "
                    + "shared state's Redis across instances (env SWITCHBOARD_AUDIT; default none).")
    String audit;

    @Option(names = "--audit-key", paramLabel = "FILE",
            description = "The audit key file (from 'switchboard audit keygen'): signs checkpoints, hashes arguments; share it "
                    + "across instances (env SWITCHBOARD_AUDIT_KEY).")
    Path auditKey;

    @Option(names = "--audit-head", paramLabel = "FILE",
            description = "Where the latest signed checkpoint is kept apart from the log (env SWITCHBOARD_AUDIT_HEAD; default "
                    + "FILE.head for a file log, a key in Redis for 'redis').")
    Path auditHead;

    @Option(names = "--audit-name", paramLabel = "NAME",
            description = "The Redis audit stream's name (env SWITCHBOARD_AUDIT_NAME; default decisions).")
    String auditName;

    @Option(names = "--audit-spool", paramLabel = "FILE",
            description = "This instance's local spool while Redis is down (env SWITCHBOARD_AUDIT_SPOOL; default "
                    + "audit-spool-INSTANCE.jsonl in the working directory).")
    Path auditSpool;

    @Option(names = "--audit-checkpoint-every", paramLabel = "N",
            description = "A signed checkpoint after N records (env SWITCHBOARD_AUDIT_CHECKPOINT_EVERY; default 1000).")
    Integer auditEvery;

    @Option(names = "--audit-checkpoint-interval", paramLabel = "DURATION",
            description = "A signed checkpoint at least this often while records arrive (env SWITCHBOARD_AUDIT_CHECKPOINT_INTERVAL; default 60s).")
    String auditInterval;

    @Option(names = "--audit-queue", paramLabel = "N",
            description = "Records that may wait for the writer; when full, allowed calls are refused rather than run "
                    + "unaudited (env SWITCHBOARD_AUDIT_QUEUE; default 10000).")
    Integer auditQueue;

    @Option(names = "--audit-rotate-mb", paramLabel = "MIB",
            description = "Move a file log aside to FILE-STEM.FIRST-LAST.jsonl once it holds this many MiB and go on in a new "
                    + "FILE; the chain continues across them (env SWITCHBOARD_AUDIT_ROTATE_MB; default 100; 0: never).")
    Integer auditRotateMb;

    @Option(names = "--audit-raw-arguments",
            description = "Also write each decision's arguments, with its rules' redact.args paths masked, beside their keyed "
                    + "hash (env SWITCHBOARD_AUDIT_RAW_ARGUMENTS; default: the hash alone).")
    Boolean auditRawArguments;

    /** OAuth protection: tokens of {@code issuers} for {@code resource}, with {@code scopes} on every request. */
    record AuthSetting(List<String> issuers, URI resource, List<String> scopes, Map<String, Set<String>> toolScopes,
                       boolean allowLocalIssuer, MembershipClaims claims) {
    }

    /**
     * The bundle file (or, {@code sharedName} set, the bundle published in the shared state under that
     * name), the {@code server} its rules see, whether to reload it on change, and the approval page's
     * public URL (null: this endpoint's), approvals' lifetime, and the approvers' sign-in (null:
     * anyone holding the link decides).
     */
    record PolicySetting(Path bundle, String sharedName, String server, boolean watch, URI approvalUrl, Duration approvalTtl,
                         SignInSetting signIn) {
        /** True when the bundle is the one published in the shared state under {@link #sharedName}. */
        boolean shared() {
            return sharedName != null;
        }
    }

    /**
     * The approvers' OpenID Connect sign-in.
     *
     * @param redirectUri the callback, or null: the approval page's URL + {@code /callback}
     * @param approverGroups the groups whose members decide; empty: any signed-in person but the caller
     */
    record SignInSetting(SignIn.Settings client, URI redirectUri, Set<String> approverGroups, boolean allowLocalIssuer) {
    }

    /**
     * The audit log: a file ({@code file} set) or the shared Redis ({@code redisName} set).
     *
     * @param head where the trusted head goes; null for Redis, which keeps it in the shared store
     */
    record AuditSetting(Path file, String redisName, Path spool, Path key, Path head, int checkpointEvery,
                        Duration checkpointInterval, int queue, long rotateBytes, boolean rawArguments) {
    }

    /** Everything, resolved; a part is null when not configured. */
    record Resolved(AuthSetting auth, PolicySetting policy, AuditSetting audit) {
    }

    /**
     * Resolves and checks the settings.
     *
     * @param listen        where the endpoint listens (the default OAuth resource URI)
     * @param state         the shared state, or null when embedded
     * @param defaultServer the {@code server} rules see unless configured
     * @param instanceId    this instance's id (the default spool name)
     */
    Resolved resolve(Settings s, ConfigFile cf, EndpointOptions.Listen listen, URI state, String defaultServer, String instanceId) {
        return new Resolved(auth(s, cf, listen), policy(s, state, defaultServer), audit(s, state, instanceId));
    }

    private AuthSetting auth(Settings s, ConfigFile cf, EndpointOptions.Listen l) {
        Settings.Value<List<String>> issuers = s.strings(AUTH_ISSUERS, authIssuers);
        if (issuers.value().isEmpty()) {
            return null;
        }
        for (String issuer : issuers.value()) {
            URI uri = URI.create(issuer);
            if (!uri.isAbsolute() || uri.getHost() == null) {
                throw new ConfigException(issuers.source() + ": issuer \"" + issuer + "\" is not an absolute URL");
            }
        }
        Settings.Value<String> resource = s.string(AUTH_RESOURCE, authResource, null);
        if (!resource.isSet() && l.port() == 0) {
            throw new ConfigException(issuers.source() + " protects the endpoint with OAuth, so tokens must name its URI: "
                    + "with port 0 that is unknown in advance, so set --auth-resource URI (or a fixed --port)");
        }
        String h = l.host();
        URI uri = URI.create(resource.isSet() ? resource.value().strip()
                : "http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + l.port() + l.path());
        Map<String, Set<String>> tools = new TreeMap<>();
        if (cf.at("/auth/toolScopes") instanceof JsonObject byTool) {
            byTool.members().forEach((tool, scopes) -> tools.put(tool, new TreeSet<>(
                    ((JsonArray) scopes).values().stream().map(j -> j.asString()).toList())));
        }
        MembershipClaims d = MembershipClaims.DEFAULT;
        return new AuthSetting(issuers.value(), uri, s.strings(AUTH_SCOPES, authScopes).value(), tools,
                s.bool(AUTH_LOCAL, authAllowLocal, false).value(),
                new MembershipClaims(s.string(AUTH_GROUPS_CLAIM, authGroupsClaim, d.groups()).value(),
                        s.string(AUTH_ROLES_CLAIM, authRolesClaim, d.roles()).value(),
                        s.string(AUTH_TENANT_CLAIM, authTenantClaim, d.tenant()).value()));
    }

    private PolicySetting policy(Settings s, URI state, String defaultServer) {
        Settings.Value<String> named = s.string(POLICY, policy == null ? null : policy.toString(), null);
        String sharedName = null;
        Settings.Value<Path> bundle = null;
        if (named.isSet() && named.value().strip().equals("redis")) {
            if (state == null) {
                throw new ConfigException(named.source() + ": '--policy redis' runs the bundle published in the shared state's "
                        + "Redis, but the state store is embedded: add --state redis://HOST:PORT, or give --policy a FILE");
            }
            sharedName = s.string(POLICY_NAME, policyName, SharedBundle.DEFAULT_NAME).value().strip();
            if (!sharedName.matches("[A-Za-z0-9_.-]{1,64}")) {
                throw new ConfigException(POLICY_NAME.flag() + ": a bundle name is 1-64 of A-Z a-z 0-9 _ . -, got \""
                        + sharedName + "\"");
            }
        } else {
            bundle = s.path(POLICY, policy);
            if (!bundle.isSet()) {
                return null;
            }
        }
        Settings.Value<String> url = s.string(APPROVAL_URL, approvalUrl, null);
        URI page = null;
        if (url.isSet()) {
            try {
                page = URI.create(url.value().strip());
            } catch (IllegalArgumentException e) {
                page = null;
            }
            if (page == null || !page.isAbsolute() || page.getHost() == null || page.getQuery() != null) {
                throw new ConfigException(url.source() + ": \"" + url.value() + "\" is not an absolute http(s) URL without a query");
            }
        }
        Settings.Value<Duration> ttl = s.duration(APPROVAL_TTL, approvalTtl, Duration.ofMinutes(10));
        if (ttl.value().compareTo(Duration.ofSeconds(10)) < 0) {
            throw new ConfigException(ttl.source() + ": an approval must live at least 10s, got " + ttl.value());
        }
        return new PolicySetting(bundle == null ? null : bundle.value(), sharedName,
                s.string(POLICY_SERVER, policyServer, defaultServer).value(),
                s.bool(POLICY_WATCH, policyWatch, true).value(), page, ttl.value(), signIn(s));
    }

    private SignInSetting signIn(Settings s) {
        Settings.Value<String> issuer = s.string(SIGNIN_ISSUER, signInIssuer, null);
        if (!issuer.isSet()) {
            List<String> groups = s.strings(SIGNIN_APPROVERS, approverGroups).value();
            if (!groups.isEmpty()) {
                throw new ConfigException(s.strings(SIGNIN_APPROVERS, approverGroups).source() + ": approver groups need "
                        + "approvers to sign in: add --approval-signin-issuer URL and --approval-signin-client-id ID");
            }
            return null;
        }
        URI iss = absolute(issuer);
        Settings.Value<String> client = s.string(SIGNIN_CLIENT_ID, signInClientId, null);
        if (!client.isSet() || client.value().isBlank()) {
            throw new ConfigException(issuer.source() + " has approvers sign in, which needs the page's client id at the "
                    + "provider: add --approval-signin-client-id ID");
        }
        Settings.Value<String> secret = s.string(SIGNIN_CLIENT_SECRET, null, null);
        if (!secret.isSet()) {
            throw new ConfigException(issuer.source() + " has approvers sign in, which needs the client's secret at the "
                    + "provider: set it in the environment variable " + SIGNIN_CLIENT_SECRET.env()
                    + " (never in the configuration file)");
        }
        Settings.Value<String> redirect = s.string(SIGNIN_REDIRECT, signInRedirect, null);
        URI callback = redirect.isSet() ? absolute(redirect) : null;
        List<String> scopes = s.strings(SIGNIN_SCOPES, signInScopes).value();
        Settings.Value<Duration> session = s.duration(SIGNIN_SESSION, signInSession, Duration.ofMinutes(15));
        if (session.value().compareTo(Duration.ofMinutes(1)) < 0 || session.value().compareTo(Duration.ofHours(12)) > 0) {
            throw new ConfigException(session.source() + ": a sign-in lasts between 1m and 12h, got " + session.value());
        }
        SignIn.Settings settings = new SignIn.Settings(iss.toString(), client.value().strip(), secret.value(),
                scopes.isEmpty() ? List.of("openid", "profile", "email") : scopes,
                s.string(SIGNIN_GROUPS_CLAIM, signInGroupsClaim, "groups").value(), session.value());
        return new SignInSetting(settings, callback, new TreeSet<>(s.strings(SIGNIN_APPROVERS, approverGroups).value()),
                s.bool(SIGNIN_LOCAL, signInAllowLocal, false).value());
    }

    private static URI absolute(Settings.Value<String> v) {
        URI uri;
        try {
            uri = URI.create(v.value().strip());
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        if (uri == null || !uri.isAbsolute() || uri.getHost() == null || uri.getRawFragment() != null
                || !("https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme()))) {
            throw new ConfigException(v.source() + ": \"" + v.value() + "\" is not an absolute http(s) URL");
        }
        return uri;
    }

    private AuditSetting audit(Settings s, URI state, String instanceId) {
        Settings.Value<String> sink = s.string(AUDIT, audit, "none");
        String text = sink.value().strip();
        if (text.equals("none")) {
            return null;
        }
        Settings.Value<Path> key = s.path(AUDIT_KEY, auditKey);
        if (!key.isSet()) {
            throw new ConfigException(sink.source() + " turns the audit log on, which signs checkpoints and hashes arguments "
                    + "with a key: add --audit-key FILE (create one with 'switchboard audit keygen FILE')");
        }
        Settings.Value<Integer> every = s.integer(AUDIT_EVERY, auditEvery, 1000);
        Settings.Value<Duration> interval = s.duration(AUDIT_INTERVAL, auditInterval, Duration.ofSeconds(60));
        Settings.Value<Integer> queue = s.integer(AUDIT_QUEUE, auditQueue, 10_000);
        Settings.Value<Integer> rotateMb = s.integer(AUDIT_ROTATE, auditRotateMb, 100);
        boolean raw = s.bool(AUDIT_RAW, auditRawArguments, false).value();
        if (rotateMb.value() < 0) {
            throw new ConfigException(rotateMb.source() + ": the rotation size is a number of MiB, or 0 for never; got "
                    + rotateMb.value());
        }
        if (every.value() < 1 || queue.value() < 1) {
            throw new ConfigException((every.value() < 1 ? every.source() : queue.source()) + ": must be at least 1");
        }
        if (interval.value().compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigException(interval.source() + ": the checkpoint interval must be at least 1s, got " + interval.value());
        }
        Path head = s.path(AUDIT_HEAD, auditHead).value();
        if (text.equals("redis")) {
            if (state == null) {
                throw new ConfigException(sink.source() + ": '--audit redis' keeps one chain in the shared state's Redis, but "
                        + "the state store is embedded: add --state redis://HOST:PORT, or give --audit a FILE");
            }
            Path spool = s.path(AUDIT_SPOOL, auditSpool).value();
            return new AuditSetting(null, s.string(AUDIT_NAME, auditName, "decisions").value(),
                    spool != null ? spool : Path.of("audit-spool-" + instanceId.replaceAll("[^A-Za-z0-9_.-]", "_") + ".jsonl"),
                    key.value(), head, every.value(), interval.value(), queue.value(), 0, raw);
        }
        Path file = s.path(AUDIT, audit == null ? null : Path.of(audit)).value();
        return new AuditSetting(file, null, null, key.value(), head != null ? head : file.resolveSibling(file.getFileName() + ".head"),
                every.value(), interval.value(), queue.value(), rotateMb.value() * 1024L * 1024L, raw);
    }
}
