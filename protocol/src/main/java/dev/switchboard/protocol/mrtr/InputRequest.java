package dev.switchboard.protocol.mrtr;

import dev.switchboard.protocol.Methods;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.lifecycle.ClientCapabilities;
import dev.switchboard.protocol.roots.ListRootsRequest;
import dev.switchboard.protocol.sampling.CreateMessageRequest;

import java.util.Objects;

/**
 * One request a server needs the client to fulfil before it can finish (a value of
 * {@code inputRequests}): {@code {"method": ..., "params": ...}} on the wire, with no
 * {@code jsonrpc} or {@code id}. The three methods MRTR allows have typed variants; any other
 * method decodes to {@link Unknown} and re-encodes verbatim.
 *
 * <p>Each variant holds its typed params rather than raw JSON, so this type needs no codec and
 * build code reads naturally: {@code InputRequest.elicit(ElicitRequest.form(...))}. Not sealed,
 * for the same reason as {@code Content}.
 */
public interface InputRequest {
    /**
     * The {@code _meta} key under which a Switchboard server in the session era names the MRTR key
     * of each server-to-client request it sends for a handler's input, so that a gateway relaying
     * the request as an {@code InputRequiredResult} can keep the server's own key.
     */
    String KEY_META = "dev.switchboard/inputKey";
    /**
     * The {@code _meta} key under which a Switchboard server in the session era lists the keys of
     * all the requests it sends at once for one round (when more than one), so that a gateway can
     * relay them together in one {@code InputRequiredResult}.
     */
    String BATCH_META = "dev.switchboard/inputBatch";

    /** The JSON-RPC method, e.g. {@code elicitation/create}. */
    String method();

    /** Asks the user through elicitation. */
    static InputRequest elicit(ElicitRequest request) {
        return new Elicitation(request);
    }

    /** Asks the client to sample its LLM. */
    static InputRequest sample(CreateMessageRequest request) {
        return new Sampling(request);
    }

    /** Asks the client for its roots. */
    static InputRequest listRoots() {
        return new RootsListing(ListRootsRequest.EMPTY);
    }

    /** The params' {@code _meta}, or null (also for an unknown method). */
    default JsonObject meta() {
        return switch (this) {
            case Elicitation e -> e.request().meta();
            case Sampling s -> s.request().meta();
            case RootsListing r -> r.request().meta();
            default -> null;
        };
    }

    /** The elicitation params, or null when this is another kind. */
    default ElicitRequest asElicit() {
        return this instanceof Elicitation e ? e.request() : null;
    }

    /** The sampling params, or null when this is another kind. */
    default CreateMessageRequest asSample() {
        return this instanceof Sampling s ? s.request() : null;
    }

    /** The roots params, or null when this is another kind. */
    default ListRootsRequest asListRoots() {
        return this instanceof RootsListing r ? r.request() : null;
    }

    /**
     * True when {@code capabilities} allow sending this request: the server must not include an
     * input request the client did not declare (elicitation in the right mode, sampling and
     * {@code sampling.tools} for tool use, roots). Unknown methods are never allowed.
     */
    default boolean allowedBy(ClientCapabilities capabilities) {
        return switch (this) {
            case Elicitation e -> (e.request().isForm() && capabilities.hasElicitationForm())
                    || (e.request().isUrl() && capabilities.hasElicitationUrl());
            case Sampling s -> s.request().tools() == null && s.request().toolChoice() == null
                    ? capabilities.hasSampling() : capabilities.hasSamplingTools();
            case RootsListing r -> capabilities.hasRoots();
            default -> false;
        };
    }

    /**
     * {@code elicitation/create}.
     *
     * @param request the params; required
     */
    record Elicitation(ElicitRequest request) implements InputRequest {
        /** Validates the required members. */
        public Elicitation {
            Objects.requireNonNull(request, "params");
        }

        @Override
        public String method() {
            return Methods.ELICITATION_CREATE;
        }
    }

    /**
     * {@code sampling/createMessage}.
     *
     * @param request the params; required
     */
    record Sampling(CreateMessageRequest request) implements InputRequest {
        /** Validates the required members. */
        public Sampling {
            Objects.requireNonNull(request, "params");
        }

        @Override
        public String method() {
            return Methods.SAMPLING_CREATE_MESSAGE;
        }
    }

    /**
     * {@code roots/list}.
     *
     * @param request the params; {@link ListRootsRequest#EMPTY} when the message had none
     */
    record RootsListing(ListRootsRequest request) implements InputRequest {
        /** Defaults absent params. */
        public RootsListing {
            request = request == null ? ListRootsRequest.EMPTY : request;
        }

        @Override
        public String method() {
            return Methods.ROOTS_LIST;
        }
    }

    /**
     * An input request with a method this build does not know, kept verbatim.
     *
     * @param method the method; required
     * @param params the params as received, or null when absent
     */
    record Unknown(String method, JsonObject params) implements InputRequest {
        /** Validates the required members. */
        public Unknown {
            Objects.requireNonNull(method, "method");
        }
    }
}
