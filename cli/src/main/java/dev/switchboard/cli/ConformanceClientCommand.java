package dev.switchboard.cli;

import dev.switchboard.client.Era;
import dev.switchboard.client.McpClient;
import dev.switchboard.client.auth.OAuthAuthorizer;
import dev.switchboard.client.auth.RegisteredClient;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.Implementation;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.tools.Tool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code switchboard conformance-client URL}: the client side of the official MCP conformance
 * suite ({@code conformance client --command "... conformance-client"}). The suite appends the
 * mock server's URL and names the scenario, wire revision and context in
 * {@code MCP_CONFORMANCE_SCENARIO}, {@code MCP_CONFORMANCE_PROTOCOL_VERSION} and
 * {@code MCP_CONFORMANCE_CONTEXT}; this command drives {@link McpClient} through what the scenario
 * expects (docs/design/conformance-client.md §6.2). Exit 0 when the flow completed, 1 when the
 * client refused or failed (the reason on stderr), 2 for an unknown scenario, 3 at the deadline.
 */
@Command(name = "conformance-client", hidden = true,
        description = "Client side of the MCP conformance suite (reads MCP_CONFORMANCE_* variables).")
final class ConformanceClientCommand implements Callable<Integer> {
    static final String CLIENT_NAME = "switchboard-conformance-client";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "The mock server's URL (the suite appends it).")
    URI url;

    @Option(names = "--deadline", defaultValue = "25", description = "Seconds before giving up (default: ${DEFAULT-VALUE}).")
    long deadlineSeconds;

    @Option(names = "--client-metadata-url", defaultValue = "https://conformance-test.local/client-metadata.json",
            description = "The Client ID Metadata Document URL offered to servers that accept them (default: ${DEFAULT-VALUE}).")
    URI clientMetadataUrl;

    @Option(names = "--redirect-uri", defaultValue = "http://localhost:3000/callback",
            description = "The OAuth redirect URI (nothing listens there; the redirect is read, not followed).")
    URI redirectUri;

    /** Environment lookup; tests replace it. */
    java.util.function.Function<String, String> env = System::getenv;

    @Override
    public Integer call() {
        String scenario = env.apply("MCP_CONFORMANCE_SCENARIO");
        String version = env.apply("MCP_CONFORMANCE_PROTOCOL_VERSION");
        String contextText = env.apply("MCP_CONFORMANCE_CONTEXT");
        if (scenario == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "MCP_CONFORMANCE_SCENARIO is not set");
        }
        JsonObject context = contextText == null ? JsonObject.EMPTY : (JsonObject) Wire.parse(contextText);
        boolean modern = "2026-07-28".equals(version);
        Thread watchdog = Thread.ofPlatform().daemon().name("deadline").start(() -> {
            try {
                Thread.sleep(Duration.ofSeconds(deadlineSeconds));
                System.err.println("conformance-client: " + scenario + " did not finish within " + deadlineSeconds + " s");
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                // finished in time
            }
        });
        PrintWriter err = spec.commandLine().getErr();
        try {
            Runnable flow = flow(scenario, context, modern);
            if (flow == null) {
                err.println("conformance-client: unknown scenario " + scenario);
                return CommandLine.ExitCode.USAGE;
            }
            flow.run();
            return 0;
        } catch (RuntimeException e) {
            err.println("conformance-client: " + scenario + ": " + e.getMessage());
            return 1;
        } finally {
            watchdog.interrupt();
        }
    }

    private Runnable flow(String scenario, JsonObject context, boolean modern) {
        if (scenario.startsWith("auth/")) {
            return () -> authorized(scenario, context, modern);
        }
        return switch (scenario) {
            case "initialize", "json-schema-ref-no-deref" -> () -> run(modern, McpClient::listAllTools);
            case "tools_call" -> () -> run(modern, c -> {
                c.listAllTools();
                c.callTool("add_numbers", JsonObject.of("a", Json.of(5), "b", Json.of(3)));
            });
            case "elicitation-sep1034-client-defaults", "sse-retry", "sep-2322-client-request-state" -> () -> run(modern, c -> {
                for (Tool t : c.listAllTools()) {
                    c.callTool(t.name(), JsonObject.EMPTY);
                }
            });
            case "request-metadata" -> () -> run(modern, c -> {
                c.listAllTools();
                c.callTool("any", JsonObject.EMPTY);
            });
            case "http-standard-headers" -> () -> run(modern, c -> {
                List<Tool> tools = c.listAllTools();
                if (!tools.isEmpty()) {
                    c.callTool(tools.getFirst().name(), JsonObject.EMPTY);
                }
                List<Resource> resources = c.listAllResources();
                if (!resources.isEmpty()) {
                    c.readResource(resources.getFirst().uri());
                }
                List<Prompt> prompts = c.listAllPrompts();
                if (!prompts.isEmpty()) {
                    c.getPrompt(prompts.getFirst().name(), Map.of());
                }
            });
            case "http-custom-headers" -> () -> run(modern, c -> {
                c.listAllTools();
                if (context.get("toolCalls") instanceof JsonArray calls) {
                    for (Json call : calls.values()) {
                        JsonObject o = call.asObject();
                        c.callTool(o.getString("name"), o.getObject("arguments"));
                    }
                }
            });
            case "http-invalid-tool-headers" -> () -> run(modern, c -> {
                for (Tool t : c.listAllTools()) { // the client dropped the tools with invalid x-mcp-header
                    c.callTool(t.name(), Placeholders.arguments(t.inputSchema()));
                }
            });
            case "json-schema-2020-12-preservation" -> () -> run(modern, c -> {
                for (Tool t : c.listAllTools()) {
                    if (t.name().equals("json_schema_2020_12_tool")) {
                        c.callTool("json_schema_echo", JsonObject.of("schema", t.inputSchema()));
                    }
                }
            });
            default -> null;
        };
    }

    /** The OAuth flows: connect (and discover), list, call {@code test-tool}, with the scenario's grant. */
    private void authorized(String scenario, JsonObject context, boolean modern) {
        String id = context.getString("client_id");
        String secret = context.getString("client_secret");
        OAuthAuthorizer.Builder oauth = switch (scenario) {
            case "auth/client-credentials-basic" -> OAuthAuthorizer.clientCredentials(
                    new RegisteredClient(null, id, secret, "client_secret_basic"));
            case "auth/client-credentials-jwt" -> OAuthAuthorizer.clientCredentials(
                    new RegisteredClient(null, id, null, "private_key_jwt"))
                    .privateKeyJwt(Keys.pkcs8(context.getString("private_key_pem")), context.getString("signing_algorithm"));
            case "auth/wif-jwt-bearer" -> OAuthAuthorizer.jwtBearer((issuer, resource) -> context.getString("valid_jwt"))
                    .client(new RegisteredClient(null, id, null, "none"));
            case "auth/enterprise-managed-authorization" -> OAuthAuthorizer.jwtBearer((issuer, resource) ->
                            IdentityAssertion.exchange(URI.create(context.getString("idp_token_endpoint")),
                                    context.getString("idp_id_token"), context.getString("idp_client_id"), issuer, resource))
                    .client(new RegisteredClient(null, id, secret, "client_secret_basic"));
            default -> {
                OAuthAuthorizer.Builder b = OAuthAuthorizer.builder(new HeadlessAuthorization(redirectUri))
                        .clientName(CLIENT_NAME)
                        .clientMetadataUrl(clientMetadataUrl);
                if (id != null) {
                    b.client(new RegisteredClient(context.getString("issuer"), id, secret, null));
                }
                yield b;
            }
        };
        try (OAuthAuthorizer authorizer = oauth.build()) {
            run(modern, b -> b.authorizer(authorizer), c -> {
                if (modern) {
                    c.discover();
                }
                List<Tool> tools = c.listAllTools();
                for (Tool t : tools) {
                    c.callTool(t.name(), JsonObject.EMPTY);
                }
            });
        }
    }

    private void run(boolean modern, java.util.function.Consumer<McpClient> steps) {
        run(modern, b -> { }, steps);
    }

    private void run(boolean modern, java.util.function.Consumer<McpClient.Builder> extra,
                     java.util.function.Consumer<McpClient> steps) {
        McpClient.Builder b = McpClient.builder(url)
                .era(modern ? Era.MODERN : Era.LEGACY)
                .clientInfo(Implementation.of(CLIENT_NAME, McpClient.VERSION))
                .requestTimeout(Duration.ofSeconds(deadlineSeconds))
                .elicitation(ConformanceClientCommand::acceptDefaults)
                .sessionStream(!modern);
        extra.accept(b);
        try (McpClient client = b.build()) {
            steps.accept(client);
        }
    }

    /** Accepts a form with every field's default (SEP-1034), and placeholders for required fields without one. */
    static ElicitResult acceptDefaults(ElicitRequest request) {
        return ElicitResult.accept(Placeholders.arguments(request.requestedSchema(), true));
    }
}
