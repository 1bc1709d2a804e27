package dev.switchboard.cli;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.ErrorResponseException;
import dev.switchboard.client.McpClient;
import dev.switchboard.protocol.codec.Codec;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.AudioContent;
import dev.switchboard.protocol.content.Content;
import dev.switchboard.protocol.content.EmbeddedResource;
import dev.switchboard.protocol.content.ImageContent;
import dev.switchboard.protocol.content.ResourceLink;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.content.TextResourceContents;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.ErrorCode;
import dev.switchboard.protocol.jsonrpc.McpException;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code switchboard call URL TOOL}: calls one tool and prints its result. */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = {"Call a tool. Arguments come from --arg k=v (values that parse as JSON are JSON, else strings) "
                + "or --json-args '{...}'. Progress goes to stderr. Exit code 4 when the tool reports an error.",
                "When the server asks for input, its questions are prompted on stderr and answered from stdin "
                        + "(one line per answer; at EOF they are declined)."})
final class CallCommand implements Callable<Integer> {
    /** The tool ran and reported an error (isError: true). */
    static final int TOOL_ERROR = 4;
    /** Ctrl-C ended a --wait (128 + SIGINT, as shells report it). */
    static final int INTERRUPTED = 130;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    ClientOptions options = new ClientOptions();

    @Parameters(index = "0", paramLabel = "URL", description = "The server's MCP endpoint, e.g. http://127.0.0.1:8080/mcp")
    java.net.URI url;

    @Parameters(index = "1", paramLabel = "TOOL", description = "The tool's name.")
    String tool;

    @Option(names = "--arg", paramLabel = "NAME=VALUE", description = "One argument (repeatable).")
    List<String> args = List.of();

    @Option(names = "--json-args", paramLabel = "JSON", description = "All arguments as one JSON object.")
    String jsonArgs;

    @Option(names = "--wait", description = "Run the tool as a task when the server offers tasks: print its status "
            + "changes to stderr and wait for its result (Ctrl-C cancels the task). Otherwise a normal call.")
    boolean wait;

    /** Where answers to the server's questions come from; tests script it. */
    InputStream stdin = System.in;

    @Override
    public Integer call() {
        JsonObject arguments = arguments();
        PrintWriter err = spec.commandLine().getErr();
        options.prompts = err;
        McpClient.Builder b = options.builder(url)
                .elicitation(TerminalElicitation.reading(stdin, err), true, true);
        try (ClientOptions o = options; McpClient client = b.build()) {
            CallOptions.Builder progress = CallOptions.builder()
                    .onProgress(p -> err.println("[progress " + format(p.progress())
                            + (p.total() == null ? "" : "/" + format(p.total()))
                            + (p.message() == null ? "" : " " + p.message()) + "]"));
            CallToolRequest request = new CallToolRequest(tool, arguments, null, null, null);
            CallToolResult result;
            try {
                result = wait ? new WaitingCall(client, err).call(request, progress) : client.callTool(request, progress.build());
            } catch (WaitingCall.Interrupted e) {
                return INTERRUPTED;
            } catch (ErrorResponseException e) {
                if (e.code() == ErrorCode.INVALID_PARAMS && e.getMessage().contains("Unknown tool")) {
                    throw new IllegalArgumentException("unknown tool \"" + tool + "\"" + nearest(client), e);
                }
                throw e;
            }
            print(result);
            return Boolean.TRUE.equals(result.isError()) ? TOOL_ERROR : 0;
        }
    }

    private JsonObject arguments() {
        JsonObject.Builder b = JsonObject.builder();
        if (jsonArgs != null) {
            Json parsed;
            try {
                parsed = Wire.parse(jsonArgs);
            } catch (McpException e) {
                throw new IllegalArgumentException("--json-args is not valid JSON: " + e.getMessage(), e);
            }
            if (!(parsed instanceof JsonObject o)) {
                throw new IllegalArgumentException("--json-args must be a JSON object, got " + parsed.kind());
            }
            b.putAll(o);
        }
        for (String a : args) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--arg must look like name=value, got '" + a + "'");
            }
            b.put(a.substring(0, eq), value(a.substring(eq + 1)));
        }
        return b.build();
    }

    /** A value that parses as JSON (number, boolean, object, array, "quoted") is JSON; else it is a string. */
    static Json value(String text) {
        try {
            Json j = Wire.parse(text);
            return j.isNull() ? Json.of(text) : j;
        } catch (McpException e) {
            return Json.of(text);
        }
    }

    private String nearest(McpClient client) {
        try {
            List<String> names = client.listAllTools().stream().map(Tool::name)
                    .sorted(Comparator.comparingInt(n -> distance(n, tool))).limit(3).toList();
            return names.isEmpty() ? " (the server lists no tools)" : "; did you mean " + String.join(", ", names) + "?";
        } catch (RuntimeException e) {
            return "";
        }
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private void print(CallToolResult result) {
        PrintWriter out = spec.commandLine().getOut();
        if (options.json) {
            out.println(Wire.toText(Codec.encode(result)));
            return;
        }
        if (Boolean.TRUE.equals(result.isError())) {
            out.println("[tool error]");
        }
        for (Content c : result.content()) {
            out.println(switch (c) {
                case TextContent t -> t.text();
                case ImageContent i -> "[image " + i.mimeType() + ", " + decodedSize(i.data()) + " bytes]";
                case AudioContent a -> "[audio " + a.mimeType() + ", " + decodedSize(a.data()) + " bytes]";
                case ResourceLink l -> "[resource link " + l.uri() + (l.name() == null ? "" : " (" + l.name() + ")") + "]";
                case EmbeddedResource e -> e.resource() instanceof TextResourceContents t
                        ? "[resource " + t.uri() + "]\n" + t.text()
                        : "[resource " + Codec.encode(e.resource()).getString("uri") + "]";
                default -> Wire.toText(Codec.encode(c));
            });
        }
        if (result.structuredContent() != null) {
            out.println("structured: " + Wire.toText(result.structuredContent()));
        }
    }

    private static long decodedSize(String base64) {
        return base64 == null ? 0 : (long) base64.length() * 3 / 4;
    }

    private static String format(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
