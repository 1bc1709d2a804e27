package dev.switchboard.cli;

import dev.switchboard.auth.OAuthResourceServer;
import dev.switchboard.auth.ScopeRules;
import dev.switchboard.auth.TrustedIssuer;
import dev.switchboard.config.ConfigException;
import dev.switchboard.gateway.Gateway;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.outbound.AddressClass;
import dev.switchboard.outbound.OutboundException;
import dev.switchboard.outbound.SafeHttpClient;
import dev.switchboard.policy.DecisionListener;
import dev.switchboard.policy.PolicyEngine;
import dev.switchboard.policy.PolicyException;
import dev.switchboard.policy.PolicyInterceptor;
import dev.switchboard.policy.Reload;
import dev.switchboard.policy.approval.ApprovalListener;
import dev.switchboard.policy.approval.ApprovalPage;
import dev.switchboard.policy.approval.Approvals;
import dev.switchboard.policy.approval.Approvers;
import dev.switchboard.auth.signin.SignIn;
import dev.switchboard.state.seal.Sealer;
import dev.switchboard.policy.audit.AuditKey;
import dev.switchboard.policy.audit.AuditStats;
import dev.switchboard.policy.audit.Auditor;
import dev.switchboard.policy.audit.TrustedHead;
import dev.switchboard.server.Interceptor;
import dev.switchboard.server.McpServer;
import dev.switchboard.state.audit.AuditLog;
import dev.switchboard.state.audit.FsyncPolicy;
import dev.switchboard.state.embedded.FileAuditLog;
import dev.switchboard.state.embedded.InMemoryStore;
import dev.switchboard.state.kv.Counters;
import dev.switchboard.state.kv.KeyValue;
import dev.switchboard.state.redis.RedisState;
import dev.switchboard.state.bus.EventBus;
import dev.switchboard.policy.SharedBundle;
import dev.switchboard.state.seal.KeyRing;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The governance chain of {@code serve} and {@code gateway}, in request order: authenticate (the
 * OAuth resource server: token at the transport, scopes on the decoded request) → policy (each
 * decision recorded before the call proceeds; rules' rate limits counted in the shared counters;
 * require_approval asked through the approval page at {@value #APPROVAL_PATH}, served on HTTP
 * endpoints) → the handler. Every authentication refusal, decision and approval step goes to the
 * audit log when one is configured. Built from {@link GovernanceOptions.Resolved}; each part is
 * optional.
 */
final class Governance implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Governance.class.getName());
    /** How often a watched bundle's file is checked for changes. */
    static final Duration WATCH_INTERVAL = Duration.ofSeconds(2);
    /** How often an instance following a published bundle looks at its stored hash, in case an announcement was lost. */
    static final Duration PUBLISHED_CHECK_INTERVAL = Duration.ofSeconds(10);
    /** Where the approval page is served beside the MCP endpoint. */
    static final String APPROVAL_PATH = "/approvals";

    private final OAuthResourceServer oauth;
    private final PolicyEngine engine;
    private final GovernanceOptions.PolicySetting policy;
    private final AuditLog log;
    private final Auditor auditor;
    private final String server;
    private final ScheduledExecutorService watcher;
    private final List<String> parts = new ArrayList<>();
    private final Counters counters;
    private final Approvals approvals;
    private final SignIn signIn;
    private SafeHttpClient signInHttp; // closed with the governance
    private final AtomicReference<URI> endpoint = new AtomicReference<>();
    private final SharedBundle published;
    private java.util.function.BiFunction<String, String, String> serverOf = (method, target) -> null;
    private EventBus.Subscription following;

    private Governance(OAuthResourceServer oauth, PolicyEngine engine, SharedBundle published,
                       GovernanceOptions.PolicySetting policy, AuditLog log,
                       Auditor auditor, String server, RedisState shared, KeyRing ring, boolean http) {
        this.oauth = oauth;
        this.published = published;
        this.engine = engine;
        this.policy = policy;
        this.log = log;
        this.auditor = auditor;
        this.server = server;
        InMemoryStore local = shared == null ? new InMemoryStore() : null;
        this.counters = shared != null ? shared.store() : local;
        if (engine != null && http) {
            KeyValue store = shared != null ? shared.store() : local;
            // Every instance derives the same secret from the shared ring; without one, a process-local secret.
            byte[] secret = ring != null ? ring.derive("policy approvals") : KeyRing.newKey();
            this.approvals = Approvals.builder(store, counters, secret, this::approvalPage)
                    .ttl(policy.approvalTtl()).listener(auditor != null ? auditor : ApprovalListener.NONE).build();
            this.signIn = policy.signIn() == null ? null : signIn(policy.signIn(), ring);
            if (signIn == null) {
                LOG.log(System.Logger.Level.WARNING, "approvals: anyone holding an approval link can approve the call, the "
                        + "caller too; have approvers sign in with --approval-signin-issuer and --approval-signin-client-id");
                engine.bundle().rules().stream().filter(r -> !r.approvers().isEmpty()).forEach(r -> LOG.log(
                        System.Logger.Level.WARNING, "approvals: rule " + r.id() + " names approvers, who must sign in; without "
                        + "sign-in nobody can decide its approvals"));
            }
        } else {
            this.approvals = null;
            this.signIn = null;
        }
        this.watcher = engine != null && (policy.watch() || published != null)
                ? Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().name("sb-policy-watch").factory()) : null;
        if (oauth != null) {
            parts.add("OAuth resource " + oauth.resource() + " (metadata at " + oauth.metadataUrl() + ")");
        }
        if (engine != null) {
            parts.add(published != null ? "policy published as " + published.name() + " (" + engine.bundle().hash() + ", followed)"
                    : "policy " + policy.bundle() + " (" + engine.bundle().hash() + (watcher != null ? ", watched" : "") + ")");
        }
        if (approvals != null) {
            parts.add("approvals at " + (policy.approvalUrl() != null ? policy.approvalUrl() : APPROVAL_PATH)
                    + (signIn == null ? " (anyone with the link decides)" : " (approvers sign in at " + policy.signIn().client().issuer()
                    + (policy.signIn().approverGroups().isEmpty() ? "" : ", groups " + String.join(", ", policy.signIn().approverGroups()))
                    + ")"));
        }
    }

    /** The approval page's public URL: configured, else this endpoint's {@value #APPROVAL_PATH}. */
    private URI approvalPage() {
        if (policy.approvalUrl() != null) {
            return policy.approvalUrl();
        }
        URI e = endpoint.get();
        if (e == null) {
            throw new IllegalStateException("the approval page's URL is known once the endpoint listens");
        }
        return e.resolve(APPROVAL_PATH);
    }

    /**
     * The approvers' sign-in: the provider discovered now (through the safe outbound client), the
     * cookies sealed with the shared ring so any instance accepts them (a process-local ring without one).
     */
    private SignIn signIn(GovernanceOptions.SignInSetting s, KeyRing ring) {
        SafeHttpClient.Builder http = SafeHttpClient.builder();
        if (s.allowLocalIssuer()) {
            http.allowHttp(true).allow(AddressClass.LOOPBACK, AddressClass.PRIVATE, AddressClass.UNIQUE_LOCAL);
        }
        signInHttp = http.build();
        try {
            return SignIn.discover(s.client(), () -> s.redirectUri() != null ? s.redirectUri()
                    : URI.create(approvalPage() + ApprovalRoute.CALLBACK), signInHttp,
                    new Sealer(ring != null ? ring : KeyRing.generate()), Clock.systemUTC());
        } catch (OutboundException e) {
            throw new ConfigException(GovernanceOptions.SIGNIN_ISSUER.flag() + ": " + e.getMessage()
                    + (s.allowLocalIssuer() ? "" : " (a development provider on localhost needs --approval-signin-allow-local-issuer)"), e);
        }
    }

    /**
     * Starts what {@code settings} configures.
     *
     * @param shared     the shared state (the Redis audit sink and head, approvals, limit counters), or null
     * @param ring       the shared key ring (the approvals' secret is derived from it), or null
     * @param http       whether the endpoint is HTTP (OAuth and the approval page are HTTP only)
     * @param server     the name audit records carry and, unless configured, rules see as {@code server}
     * @param instanceId this instance's id, carried by every audit record
     */
    static Governance start(GovernanceOptions.Resolved settings, RedisState shared, KeyRing ring, boolean http, String server,
                            String instanceId) throws IOException {
        OAuthResourceServer oauth = settings.auth() == null || !http ? null : oauth(settings.auth());
        PolicyEngine engine = null;
        SharedBundle published = null;
        GovernanceOptions.PolicySetting p = settings.policy();
        if (p != null) {
            try {
                if (p.shared()) {
                    published = new SharedBundle(shared.store(), shared.bus(), p.sharedName());
                    SharedBundle.Published current = published.current();
                    if (current == null) {
                        throw new ConfigException(GovernanceOptions.POLICY.flag() + " redis: no bundle is published as \""
                                + p.sharedName() + "\" in the shared state yet; publish one with 'switchboard policy publish FILE "
                                + "--state URI" + (p.sharedName().equals(SharedBundle.DEFAULT_NAME) ? "" : " --name " + p.sharedName()) + "'");
                    }
                    engine = new PolicyEngine(current.compile());
                } else {
                    engine = PolicyEngine.load(p.bundle());
                }
            } catch (PolicyException e) {
                throw new ConfigException(GovernanceOptions.POLICY.flag() + ": " + e.getMessage(), e);
            }
        }
        GovernanceOptions.AuditSetting a = settings.audit();
        AuditLog log = null;
        Auditor auditor = null;
        String sink = null;
        AuditKey key = null;
        if (a != null) {
            key = AuditKey.read(a.key());
            TrustedHead head;
            if (a.file() != null) {
                // the auditor syncs once per batch
                log = FileAuditLog.open(a.file(), FsyncPolicy.onSync(), a.rotateBytes(), java.time.Clock.systemUTC());
                sink = a.file() + (a.rotateBytes() > 0 ? ", rotated at " + a.rotateBytes() / (1024 * 1024) + " MiB" : "");
                head = TrustedHead.file(a.head());
            } else {
                log = shared.auditLog(a.redisName(), a.spool());
                sink = "redis stream " + a.redisName();
                head = a.head() != null ? TrustedHead.file(a.head()) : TrustedHead.keyValue(shared.store(), headKey(a.redisName()));
            }
            auditor = Auditor.builder(log, key, instanceId).trustedHead(head).queueCapacity(a.queue())
                    .checkpointEvery(a.checkpointEvery()).checkpointInterval(a.checkpointInterval())
                    .rawArguments(a.rawArguments()).build();
        }
        Governance g = new Governance(oauth, engine, published, settings.policy(), log, auditor,
                settings.policy() != null ? settings.policy().server() : server, shared, ring, http);
        if (auditor != null) {
            g.parts.add("audit to " + sink + " (key " + key.id() + ")");
        }
        g.watch();
        return g;
    }

    /** The shared-store key of a Redis audit stream's trusted head; {@code audit verify} reads it there. */
    static String headKey(String auditName) {
        return "audit-head:" + auditName;
    }

    /** Adds the chain to a server's interceptors, outermost first: scope checks, then policy. */
    void install(McpServer.Builder b) {
        interceptors().forEach(b::interceptor);
    }

    /** Adds the chain to a gateway, before forwarding. */
    /**
     * Puts the interceptors in front of a gateway's forwarding. Rules see each call's upstream as
     * {@code server} (the gateway's own name for what no upstream serves), so a bundle can say which
     * upstreams an agent may use; {@code gateway} is the gateway once started.
     */
    void install(Gateway.Builder b, java.util.function.Supplier<Gateway> gateway) {
        serverOf = (method, target) -> {
            Gateway g = gateway.get();
            return g == null ? null : g.upstreamOf(method, target).orElse(null);
        };
        interceptors().forEach(b::interceptor);
    }

    /**
     * Mounts the approval page (when policy is on) and protects the endpoint with OAuth (metadata
     * routes, the token check), recording refusals. The page itself is not behind OAuth: a person
     * opens it in a browser, and signs in there (or, without sign-in, its link is the capability).
     */
    void protect(McpHttpServer.Builder b) {
        if (approvals != null) {
            Approvers who = signIn == null ? Approvers.ANYONE_WITH_LINK : Approvers.signedIn(policy.signIn().approverGroups());
            b.api(APPROVAL_PATH, new ApprovalRoute(new ApprovalPage(approvals, who), signIn));
        }
        if (oauth == null) {
            return;
        }
        oauth.protect(b);
        if (auditor != null) {
            b.authenticator(AuditedAuthentication.authenticator(oauth, auditor, server));
        }
    }

    /** Tells the approvals where the endpoint listens, for the page's URL (unless configured). */
    void listening(URI mcpEndpoint) {
        endpoint.set(mcpEndpoint);
    }

    /**
     * True when a policy decides calls: what anonymous callers may see is then the policy's to say,
     * so public documents (upstream Server Cards) list no tools.
     */
    boolean hasPolicy() {
        return engine != null;
    }

    /** The hash of the bundle in force, or null without a policy. */
    String policyHash() {
        return engine == null ? null : engine.bundle().hash();
    }

    /** What is configured, for the start-up line; empty when nothing is. */
    String describe() {
        return String.join("; ", parts);
    }

    /** The auditor, or null without an audit log. */
    Auditor auditor() {
        return auditor;
    }

    private List<Interceptor> interceptors() {
        List<Interceptor> chain = new ArrayList<>();
        if (oauth != null) {
            chain.add(auditor == null ? oauth.interceptor() : AuditedAuthentication.interceptor(oauth.interceptor(), auditor, server));
        }
        if (engine != null) {
            DecisionListener listener = auditor != null ? auditor : (request, context, decision) -> { };
            PolicyInterceptor.Builder p = PolicyInterceptor.builder(engine, policy.server()).decisions(listener).counters(counters)
                    .serverOf(serverOf);
            if (approvals != null) {
                p.approvals(approvals);
            }
            chain.add(p.build());
        }
        return chain;
    }

    private void watch() {
        if (watcher == null) {
            return;
        }
        if (published != null) {
            // each publication is announced on the bus; a look at the stored hash now and then covers a lost announcement
            following = published.follow(hash -> watcher.execute(this::followPublished));
            long ms = PUBLISHED_CHECK_INTERVAL.toMillis();
            watcher.scheduleWithFixedDelay(this::followPublished, ms, ms, TimeUnit.MILLISECONDS);
            return;
        }
        Path file = policy.bundle();
        FileTime[] seen = {modified(file)};
        long ms = WATCH_INTERVAL.toMillis();
        watcher.scheduleWithFixedDelay(() -> {
            FileTime now = modified(file);
            if (now == null || now.equals(seen[0])) {
                return;
            }
            seen[0] = now;
            applied(engine.reload(file), "policy " + file);
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Swaps in the published bundle when it is not the one in force. Runs on the watcher only. */
    private void followPublished() {
        try {
            SharedBundle.Published p = published.current();
            if (p == null || p.hash().equals(engine.bundle().hash())) {
                return;
            }
            applied(engine.reload(p::compile), "policy published as " + published.name() + " (from " + p.source() + " by "
                    + p.publishedBy() + ")");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read the published policy " + published.name() + ": " + e.getMessage());
        }
    }

    private void applied(Reload r, String what) {
        switch (r) {
            case Reload.Swapped s -> LOG.log(System.Logger.Level.INFO, what + " reloaded: " + s.previousHash()
                    + " -> " + s.hash() + " (" + s.rules() + " rules)");
            case Reload.Unchanged u -> LOG.log(System.Logger.Level.DEBUG, what + " touched, unchanged");
            case Reload.Refused f -> LOG.log(System.Logger.Level.WARNING, what + " refused, keeping "
                    + f.activeHash() + ": " + f.error().getMessage());
        }
        if (auditor != null && !(r instanceof Reload.Unchanged)) {
            auditor.reloaded(r);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return null; // being replaced: look again next time
        }
    }

    /** The resource server for {@code auth}: issuers discovered through the safe outbound client. */
    private static OAuthResourceServer oauth(GovernanceOptions.AuthSetting auth) {
        SafeHttpClient.Builder http = SafeHttpClient.builder();
        if (auth.allowLocalIssuer()) {
            http.allowHttp(true).allow(AddressClass.LOOPBACK, AddressClass.PRIVATE, AddressClass.UNIQUE_LOCAL);
        }
        SafeHttpClient client = http.build();
        OAuthResourceServer.Builder b;
        try {
            b = OAuthResourceServer.builder(auth.resource()).http(client)
                    .scopes(new ScopeRules(Set.copyOf(auth.scopes()), Map.of(), auth.toolScopes())).membership(auth.claims());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(GovernanceOptions.AUTH_RESOURCE.flag() + ": " + e.getMessage());
        }
        for (String issuer : auth.issuers()) {
            try {
                b.issuer(TrustedIssuer.discover(issuer, client));
            } catch (OutboundException e) {
                throw new ConfigException(e.getMessage()
                        + (auth.allowLocalIssuer() ? "" : " (a development issuer on localhost needs --auth-allow-local-issuer)"), e);
            }
        }
        return b.build();
    }

    /** Stops the watcher, drains the auditor (a last checkpoint), closes the log and the resource server. */
    @Override
    public void close() {
        if (following != null) {
            following.close();
        }
        if (watcher != null) {
            watcher.shutdownNow();
        }
        if (auditor != null) {
            auditor.close();
            AuditStats s = auditor.stats();
            LOG.log(System.Logger.Level.INFO, "audit: " + s.recorded() + " records (" + s.checkpoints() + " checkpoints) in "
                    + s.syncs() + " syncs" + (s.overflowed() > 0 ? "; " + s.overflowed() + " not written (logged above)" : ""));
        }
        if (log != null) {
            log.close();
        }
        if (oauth != null) {
            oauth.close();
        }
        if (signInHttp != null) {
            signInHttp.close();
        }
    }
}
