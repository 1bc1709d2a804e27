package dev.switchboard.protocol.codec;

import dev.switchboard.protocol.codec.GoldenMapping.ErrorResponse;
import dev.switchboard.protocol.codec.GoldenMapping.InputRequestMap;
import dev.switchboard.protocol.codec.GoldenMapping.InputRequestShape;
import dev.switchboard.protocol.codec.GoldenMapping.InputResponseMap;
import dev.switchboard.protocol.codec.GoldenMapping.Plain;
import dev.switchboard.protocol.codec.GoldenMapping.ResultResponse;
import dev.switchboard.protocol.codec.GoldenMapping.RpcMessage;
import dev.switchboard.protocol.codec.GoldenMapping.Shape;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.JsonRpcError;
import dev.switchboard.protocol.jsonrpc.Message;
import dev.switchboard.protocol.jsonrpc.Notification;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.protocol.jsonrpc.Response;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.mrtr.InputRequiredResult;
import dev.switchboard.protocol.roots.ListRootsResult;
import dev.switchboard.protocol.sampling.CreateMessageResult;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decodes an upstream example through the production codecs and encodes it again, the way a
 * server or client would meet it on the wire (envelope first, then the typed params or result).
 */
final class GoldenCodec {
    private GoldenCodec() {
    }

    /** The shape for {@code typeName}; fails when there is none, so no example is skipped silently. */
    static Shape shapeOf(String typeName) {
        Shape shape = GoldenMapping.SHAPES.get(typeName);
        if (shape == null) {
            throw new AssertionError("no mapping for spec example type " + typeName
                    + ": model the type, register it in CodecRegistry and map it in GoldenMapping");
        }
        return shape;
    }

    /** Decodes and re-encodes {@code input}, an example of {@code typeName}. */
    static Json roundTrip(String typeName, Json input) {
        return switch (shapeOf(typeName)) {
            case Plain p -> Codec.encode(Codec.decode(input, p.type()));
            case RpcMessage m -> message((JsonObject) input, m.params());
            case ResultResponse r -> resultResponse(input, r.result());
            case ErrorResponse e -> errorResponse((JsonObject) input, e.error());
            case InputRequestShape s -> inputRequest(input, s.params());
            case InputRequestMap m -> inputRequests(input);
            case InputResponseMap m -> inputResponses(input);
        };
    }

    private static Json message(JsonObject input, Class<?> paramsType) {
        // Upstream's ListRootsRequest example is a session-era request written without "jsonrpc";
        // supply the member for the envelope codec and take it out again afterwards.
        boolean supplied = !input.has("jsonrpc");
        Message msg = JsonRpcCodec.decode(supplied ? input.with("jsonrpc", Json.of("2.0")) : input);
        JsonObject out = switch (msg) {
            case Request r -> JsonRpcCodec.encode(
                    new Request(r.id(), r.method(), Codec.encode(Codec.decodeParams(r, paramsType))));
            case Notification n -> JsonRpcCodec.encode(
                    new Notification(n.method(), Codec.encode(Codec.decodeParams(n, paramsType))));
            case Response r -> throw new AssertionError("expected a request or notification, got " + r);
        };
        return supplied ? out.without("jsonrpc") : out;
    }

    private static Json resultResponse(Json input, Class<?> resultType) {
        Message msg = JsonRpcCodec.decode(input);
        assertThat(msg).isInstanceOf(Response.Success.class);
        Response.Success s = (Response.Success) msg;
        Object result = Codec.isInputRequired(s.result())
                ? Codec.decodeResult(s, InputRequiredResult.class)
                : Codec.decodeResult(s, resultType);
        return JsonRpcCodec.encode(new Response.Success(s.id(), Codec.encode(result)));
    }

    private static Json errorResponse(JsonObject input, Class<?> errorType) {
        Message msg = JsonRpcCodec.decode(input);
        assertThat(msg).isInstanceOf(Response.Failure.class);
        Response.Failure f = (Response.Failure) msg;
        Object typed = Codec.decode(input.get("error"), errorType, "error");
        JsonRpcError error = Codec.decode(Codec.encode(typed), JsonRpcError.class);
        return JsonRpcCodec.encode(new Response.Failure(f.id(), error));
    }

    private static Json inputRequest(Json input, Class<?> paramsType) {
        InputRequest request = Codec.decode(input, InputRequest.class);
        Object params = switch (request) {
            case InputRequest.Elicitation e -> e.request();
            case InputRequest.Sampling s -> s.request();
            case InputRequest.RootsListing r -> r.request();
            default -> request;
        };
        assertThat(params).isInstanceOf(paramsType);
        return Codec.encode(request);
    }

    private static Json inputRequests(Json input) {
        JsonObject.Builder out = JsonObject.builder();
        ((JsonObject) input).members().forEach((key, value) ->
                out.put(key, Codec.encode(Codec.decode(value, InputRequest.class, key))));
        return out.build();
    }

    private static Json inputResponses(Json input) {
        // A server knows each key's kind from its own inputRequests; the example has no such
        // context, so tell the kinds apart by their required members.
        Map<String, Json> responses = ((JsonObject) input).members();
        JsonObject.Builder out = JsonObject.builder();
        responses.forEach((key, value) -> {
            JsonObject o = (JsonObject) value;
            Object decoded;
            if (o.has("action")) {
                decoded = InputResponses.elicitResult(responses, key);
                assertThat(decoded).isInstanceOf(ElicitResult.class);
            } else if (o.has("roots")) {
                decoded = InputResponses.listRootsResult(responses, key);
                assertThat(decoded).isInstanceOf(ListRootsResult.class);
            } else {
                decoded = InputResponses.createMessageResult(responses, key);
                assertThat(decoded).isInstanceOf(CreateMessageResult.class);
            }
            out.put(key, Codec.encode(decoded));
        });
        return out.build();
    }
}
