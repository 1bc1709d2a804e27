package dev.switchboard.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.runtime.CelEvaluationException;
import dev.switchboard.config.ConfigException;
import dev.switchboard.config.ConfigFile;
import dev.switchboard.policy.internal.CelEnvironment;
import dev.switchboard.policy.internal.Glob;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.schema.JsonSchema;
import dev.switchboard.state.audit.CanonicalJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Reads a bundle file and compiles it: YAML, then the JSON Schema, then every rule's CEL condition
 * (parse and type-check). Collects every problem before refusing, so one run shows them all.
 */
final class BundleCompiler {
    static final JsonSchema SCHEMA = loadSchema();
    private static final JsonSchema ANYTHING = JsonSchema.compile(JsonObject.EMPTY);
    private static final List<String> ALL = List.of("*");
    private static final List<String> CALL_METHODS = List.of("tools/call", "prompts/get", "resources/read");

    private BundleCompiler() {
    }

    static PolicyBundle compile(Path file) {
        return compile(file, null);
    }

    /** Compiles {@code text} (read from {@code file} when null), naming {@code file} in problems. */
    static PolicyBundle compile(Path file, String text) {
        ConfigFile config;
        try {
            // Positions come from ConfigFile; the schema is checked below so each problem can name its rule.
            config = text == null ? ConfigFile.load(file, ANYTHING) : ConfigFile.parse(file, text, ANYTHING);
        } catch (ConfigException e) {
            // the parser's message already starts with file:line:column; keep it once, as the location
            java.util.regex.Matcher at = java.util.regex.Pattern.compile("^(\\Q" + file + "\\E:\\d+:\\d+): (.*)$",
                    java.util.regex.Pattern.DOTALL).matcher(e.getMessage());
            throw new PolicyException(List.of(at.matches() ? new PolicyException.Problem(at.group(1), null, at.group(2))
                    : new PolicyException.Problem(file.toString(), null, e.getMessage())));
        }
        List<PolicyException.Problem> problems = new ArrayList<>();
        for (JsonSchema.Violation v : SCHEMA.validate(config.root())) {
            PolicyException.Problem p = new PolicyException.Problem(config.where(v.path()), ruleIdAt(config, v.path()),
                    (v.path().isEmpty() ? "(top level)" : v.path()) + ": " + v.message());
            if (!problems.contains(p)) {
                problems.add(p);
            }
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(problems);
        }
        List<CompiledRule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        JsonArray list = (JsonArray) config.root().get("rules");
        for (int i = 0; i < list.size(); i++) {
            String at = "/rules/" + i;
            Rule rule;
            try {
                rule = rule(config, at, (JsonObject) list.get(i));
            } catch (IllegalArgumentException e) { // only the limit can still be wrong after the schema
                problems.add(new PolicyException.Problem(config.where(at + "/limit/rate"), ((JsonObject) list.get(i)).getString("id"),
                        "limit: " + e.getMessage()));
                continue;
            }
            if (rule.limit() != null && (rule.effect() == Effect.DENY || rule.effect() == Effect.REDACT)) {
                problems.add(new PolicyException.Problem(config.where(at + "/limit"), rule.id(), "limit: only allow and "
                        + "require_approval rules carry a limit (it counts the calls they let through); this rule is "
                        + rule.effect().wireName()));
                continue;
            }
            if (!rule.approvers().isEmpty() && rule.effect() != Effect.REQUIRE_APPROVAL) {
                problems.add(new PolicyException.Problem(config.where(at + "/approvers"), rule.id(), "approvers: only "
                        + "require_approval rules name approvers; this rule is " + rule.effect().wireName()));
                continue;
            }
            if (!ids.add(rule.id())) {
                problems.add(new PolicyException.Problem(config.where(at + "/id"), rule.id(), "duplicate rule id"));
                continue;
            }
            CelValidationResult checked = CelEnvironment.compiler().compile(rule.when());
            if (checked.hasError()) {
                for (CelIssue issue : checked.getErrors()) {
                    problems.add(new PolicyException.Problem(config.where(at + "/when"), rule.id(),
                            "when: " + issue.getMessage() + " (expression line " + issue.getSourceLocation().getLine()
                                    + ", column " + (issue.getSourceLocation().getColumn() + 1) + ")"));
                }
                continue;
            }
            rules.add(compiled(rule, checked));
        }
        if (!problems.isEmpty()) {
            throw new PolicyException(problems);
        }
        return new PolicyBundle(file, hash(config.root()), rules);
    }

    private static Rule rule(ConfigFile config, String at, JsonObject r) {
        JsonObject match = r.getObject("match") == null ? JsonObject.EMPTY : r.getObject("match");
        JsonObject redact = r.getObject("redact") == null ? JsonObject.EMPTY : r.getObject("redact");
        return new Rule(r.getString("id"), orEmpty(r.getString("description")), "shadow".equals(r.getString("mode")),
                strings(match.get("servers"), ALL), strings(match.get("tools"), ALL),
                strings(match.get("methods"), CALL_METHODS),
                r.getString("when") == null ? "true" : r.getString("when"), Effect.fromWire(r.getString("effect")),
                orEmpty(r.getString("reason")), strings(redact.get("args"), List.of()),
                strings(redact.get("result"), List.of()), config.where(at), limit(r), strings(r.get("approvers"), List.of()));
    }

    private static Limit limit(JsonObject r) {
        JsonObject limit = r.getObject("limit");
        if (limit == null) {
            return null;
        }
        List<Limit.Key> per = strings(limit.get("per"), List.of()).stream()
                .map(k -> Limit.Key.valueOf(k.toUpperCase(java.util.Locale.ROOT))).toList();
        return Limit.parse(r.getString("id"), limit.getString("rate"), per);
    }

    private static CompiledRule compiled(Rule rule, CelValidationResult checked) {
        try {
            CelAbstractSyntaxTree ast = checked.getAst();
            return new CompiledRule(rule, globs(rule.servers()), globs(rule.tools()), globs(rule.methods()),
                    CelEnvironment.runtime().createProgram(ast));
        } catch (CelValidationException | CelEvaluationException e) {
            // Both are excluded by hasError() above and by a runtime with every declared function bound.
            throw new IllegalStateException("rule " + rule.id() + " checked but did not build: " + e.getMessage(), e);
        }
    }

    private static String ruleIdAt(ConfigFile config, String pointer) {
        if (!pointer.startsWith("/rules/")) {
            return null;
        }
        int end = pointer.indexOf('/', "/rules/".length());
        String rule = end < 0 ? pointer : pointer.substring(0, end);
        return config.at(rule + "/id") instanceof Json id ? id.asString() : null;
    }

    private static List<Glob> globs(List<String> patterns) {
        return patterns.stream().map(Glob::new).toList();
    }

    private static List<String> strings(Json json, List<String> absent) {
        if (!(json instanceof JsonArray array)) {
            return absent;
        }
        return array.values().stream().map(Json::asString).toList();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** {@code sha256:} and the hex SHA-256 of the canonical JSON of the document: formatting and comments do not count. */
    static String hash(Json document) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(CanonicalJson.encode(document));
            return "sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static JsonSchema loadSchema() {
        String resource = "/schemas/policy-bundle.schema.json";
        try (InputStream in = BundleCompiler.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource + " in the policy jar");
            }
            return JsonSchema.compile((JsonObject) Wire.parse(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
