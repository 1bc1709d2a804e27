package dev.switchboard.cli;

import dev.switchboard.client.McpClient;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonArray;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.ServerCapabilities;
import dev.switchboard.protocol.prompts.Prompt;
import dev.switchboard.protocol.resources.Resource;
import dev.switchboard.protocol.resources.ResourceTemplate;
import dev.switchboard.protocol.tools.Tool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code switchboard list URL}: what a server offers. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = {"List a server's tools, resources, resource templates and prompts.",
                "  switchboard list http://127.0.0.1:8080/mcp",
                "  switchboard list -- npx -y @modelcontextprotocol/server-everything stdio"})
final class ListCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClientOptions options = new ClientOptions();

    @picocli.CommandLine.Parameters(arity = "1..*", paramLabel = "URL | -- COMMAND",
            description = "The server's MCP endpoint (http://...), or after -- the command that starts a stdio server.")
    List<String> target;

    @Override
    public Integer call() {
        options.prompts = spec.commandLine().getErr();
        try (ClientOptions o = options; McpClient client = o.builder(target).build()) {
            ServerCapabilities caps = client.serverCapabilities();
            List<Tool> tools = caps != null && caps.tools() != null ? client.listAllTools() : List.of();
            List<Resource> resources = caps != null && caps.resources() != null ? client.listAllResources() : List.of();
            List<ResourceTemplate> templates = caps != null && caps.resources() != null
                    ? client.listAllResourceTemplates() : List.of();
            List<Prompt> prompts = caps != null && caps.prompts() != null ? client.listAllPrompts() : List.of();
            PrintWriter out = spec.commandLine().getOut();
            if (options.json) {
                out.println(Wire.toText(JsonObject.builder()
                        .put("server", client.serverInfo() == null ? null : Codec.encode(client.serverInfo()))
                        .put("protocolVersion", client.protocolVersion())
                        .put("tools", encodeAll(tools))
                        .put("resources", encodeAll(resources))
                        .put("resourceTemplates", encodeAll(templates))
                        .put("prompts", encodeAll(prompts))
                        .build()));
                return 0;
            }
            String name = client.serverInfo() == null ? "(unnamed server)"
                    : client.serverInfo().name() + " " + client.serverInfo().version();
            out.println(name + " — MCP " + client.protocolVersion() + " at " + client.endpoint());
            section(out, "Tools", tools.stream().map(t -> line(t.name(), t.description())).toList());
            section(out, "Resources", resources.stream().map(r -> line(r.uri(), r.description() != null
                    ? r.description() : r.name())).toList());
            section(out, "Resource templates", templates.stream().map(t -> line(t.uriTemplate(), t.description() != null
                    ? t.description() : t.name())).toList());
            section(out, "Prompts", prompts.stream().map(p -> line(p.name(), p.description())).toList());
            return 0;
        }
    }

    private static JsonArray encodeAll(List<?> values) {
        List<dev.switchboard.protocol.json.Json> out = new ArrayList<>(values.size());
        values.forEach(v -> out.add(Codec.encode(v)));
        return new JsonArray(out);
    }

    private static String line(String name, String description) {
        return description == null || description.isBlank() ? name : name + " — " + description;
    }

    private static void section(PrintWriter out, String title, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        out.println();
        out.println(title + " (" + lines.size() + "):");
        lines.forEach(l -> out.println("  " + l));
    }
}
