package dev.switchboard.http;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A raw HTTP/1.1 client for the endpoint tests: it sends exactly the headers a test gives (the JDK
 * client would add or refuse some, e.g. {@code Host}), and reads the response whole.
 */
final class Http {
    static final String V = "2026-07-28";

    private final URI endpoint;

    Http(URI endpoint) {
        this.endpoint = endpoint;
    }

    /** A response: status, headers (lowercase names) and body. */
    record Reply(int status, Map<String, String> headers, String body) {
        Json json() {
            return Wire.parse(body);
        }

        JsonObject object() {
            return (JsonObject) json();
        }

        Integer errorCode() {
            JsonObject err = object().getObject("error");
            return err == null ? null : (int) ((dev.switchboard.protocol.json.JsonNumber) err.get("code")).longValue();
        }

        /** The JSON-RPC messages of an SSE body, in order. */
        List<JsonObject> events() {
            List<JsonObject> out = new ArrayList<>();
            for (String line : body.split("\n")) {
                if (line.startsWith("data: ")) {
                    out.add((JsonObject) Wire.parse(line.substring(6)));
                }
            }
            return out;
        }
    }

    /** The usual 2026-07-28 headers for {@code method}. */
    static Map<String, String> headers(String method, String name) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        h.put("Accept", "application/json, text/event-stream");
        h.put("MCP-Protocol-Version", V);
        h.put("Mcp-Method", method);
        if (name != null) {
            h.put("Mcp-Name", name);
        }
        return h;
    }

    /** A request body with the required {@code _meta}. */
    static String body(Object id, String method, String paramsWithoutMeta) {
        return body(id, method, paramsWithoutMeta, "{}", "");
    }

    /** A request body with capabilities and extra {@code _meta} members (a leading comma if non-empty). */
    static String body(Object id, String method, String paramsWithoutMeta, String caps, String extraMeta) {
        String idJson = id instanceof String s ? "\"" + s + "\"" : String.valueOf(id);
        String params = paramsWithoutMeta == null || paramsWithoutMeta.isBlank() ? "" : paramsWithoutMeta + ",";
        return "{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"method\":\"" + method + "\",\"params\":{" + params
                + "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + V + "\","
                + "\"io.modelcontextprotocol/clientCapabilities\":" + caps + extraMeta + "}}}";
    }

    Reply post(Map<String, String> headers, String body) throws IOException {
        return send("POST", headers, body.getBytes(StandardCharsets.UTF_8));
    }

    Reply call(String method, String name, String params) throws IOException {
        return post(headers(method, name), body(1, method, params));
    }

    Reply send(String verb, Map<String, String> headers, byte[] body) throws IOException {
        return send(verb, endpoint.getPath(), headers, body);
    }

    /** Sends {@code target} (path and query) exactly as given, even when a URI would refuse it. */
    Reply send(String verb, String target, Map<String, String> headers, byte[] body) throws IOException {
        try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(verb + " " + target + " HTTP/1.1\r\n");
            if (headers.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("Host"))) {
                head.append("Host: 127.0.0.1:").append(endpoint.getPort()).append("\r\n");
            }
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            return read(socket.getInputStream());
        }
    }

    static Reply read(InputStream in) throws IOException {
        byte[] all = in.readAllBytes();
        String text = new String(all, StandardCharsets.UTF_8);
        int split = text.indexOf("\r\n\r\n");
        String[] lines = text.substring(0, split).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> hs = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            hs.put(lines[i].substring(0, c).toLowerCase(Locale.ROOT), lines[i].substring(c + 1).strip());
        }
        String body = text.substring(split + 4);
        if ("chunked".equalsIgnoreCase(hs.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Reply(status, hs, body);
    }

    private static String dechunk(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int eol = s.indexOf("\r\n", i);
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(s.substring(i, eol).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            // sizes count bytes; bodies here are ASCII JSON framing with UTF-8 only inside strings
            byte[] rest = s.substring(eol + 2).getBytes(StandardCharsets.UTF_8);
            String chunk = new String(rest, 0, size, StandardCharsets.UTF_8);
            out.append(chunk);
            i = eol + 2 + chunk.length() + 2;
        }
        return out.toString();
    }
}
