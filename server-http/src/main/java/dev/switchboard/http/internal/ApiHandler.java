package dev.switchboard.http.internal;

import dev.switchboard.http.ApiRoute;
import dev.switchboard.http.MalformedFieldException;
import dev.switchboard.http.Route;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Serves the {@link ApiRoute}s mounted under path prefixes: Origin check, bounded body, then the
 * route; its own failures are {@code {"error": "..."}} documents, the shape REST APIs beside MCP
 * (the registry's) use.
 */
public final class ApiHandler extends Handler.Abstract {
    private static final System.Logger LOG = System.getLogger(ApiHandler.class.getName());
    private static final Set<String> NO_BODY = Set.of("GET", "HEAD", "OPTIONS");

    private final List<Map.Entry<String, ApiRoute>> routes;
    private final int maxBodyBytes;
    private final OriginPolicy origins;

    /** Serves {@code routes} by prefix, the longest matching prefix first. */
    public ApiHandler(Map<String, ApiRoute> routes, int maxBodyBytes, OriginPolicy origins) {
        super(InvocationType.BLOCKING);
        this.routes = routes.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<String, ApiRoute> e) -> e.getKey().length()).reversed())
                .map(e -> Map.entry(e.getKey(), e.getValue())).toList();
        this.maxBodyBytes = maxBodyBytes;
        this.origins = origins;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String target = Request.getPathInContext(request);
        ApiRoute route = null;
        for (Map.Entry<String, ApiRoute> e : routes) {
            if (target.equals(e.getKey()) || target.startsWith(e.getKey() + "/")) {
                route = e.getValue();
                break;
            }
        }
        if (route == null) {
            return false;
        }
        HttpFields headers = request.getHeaders();
        String refusal = origins.check(headers.get(HttpHeader.HOST), headers.get(HttpHeader.ORIGIN));
        if (refusal != null) {
            write(request, response, callback, error(403, refusal));
            return true;
        }
        byte[] body = new byte[0];
        if (!NO_BODY.contains(request.getMethod())) {
            if (request.getLength() > maxBodyBytes) {
                write(request, response, callback, error(413, tooLarge()));
                return true;
            }
            try (InputStream in = Content.Source.asInputStream(request)) {
                body = in.readNBytes(maxBodyBytes + 1);
            } catch (IOException e) {
                callback.failed(e);
                return true;
            }
            if (body.length > maxBodyBytes) {
                write(request, response, callback, error(413, tooLarge()));
                return true;
            }
        }
        Route.Reply reply;
        try {
            reply = route.handle(new Call(request, body));
        } catch (MalformedFieldException e) {
            reply = error(400, e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "API route failed on " + request.getMethod() + " " + target, e);
            reply = error(500, "internal error");
        }
        write(request, response, callback, reply);
        return true;
    }

    private String tooLarge() {
        return "the request body exceeds the limit of " + maxBodyBytes + " bytes";
    }

    private static Route.Reply error(int status, String message) {
        return new Route.Reply(status, "application/json", Wire.write(JsonObject.of("error", Json.of(message))));
    }

    private static void write(Request request, Response response, Callback callback, Route.Reply reply) {
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        reply.headers().forEach(response.getHeaders()::put);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
        boolean head = "HEAD".equals(request.getMethod());
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(reply.body()), callback);
    }

    private record Call(Request request, byte[] body) implements ApiRoute.Request {
        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String rawPath() {
            return request.getHttpURI().getPath();
        }

        @Override
        public String header(String name) {
            return request.getHeaders().get(name);
        }

        @Override
        public String remoteAddress() {
            return Request.getRemoteAddr(request);
        }

        @Override
        public String query() {
            return request.getHttpURI().getQuery();
        }
    }
}
