package dev.switchboard.bench;

import dev.switchboard.examples.DemoServer;
import dev.switchboard.protocol.codec.JsonRpcCodec;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.jsonrpc.Request;
import dev.switchboard.server.CancellationSignal;
import dev.switchboard.server.EventSink;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Principal;
import dev.switchboard.server.RequestMeta;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The whole server path of one tools/call without HTTP: parse, envelope, {@code _meta}, version
 * check, schema validation of the arguments, handler, result encoding.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DispatchBenchmark {
    McpServer server;

    /** Builds the demo server. */
    @Setup
    public void setUp() {
        server = DemoServer.create();
    }

    /** Closes it. */
    @TearDown
    public void tearDown() {
        server.close();
    }

    /** One echo call, bytes to bytes. */
    @Benchmark
    public byte[] echoCall() throws Exception {
        return serve(server, CodecBenchmark.REQUEST, Principal.ANONYMOUS);
    }

    /**
     * One 2026-07-28 request through {@code server} as a transport passes it, for {@code principal}:
     * request bytes to response bytes (parse, envelope, {@code _meta}, version check, handling, encoding).
     */
    static byte[] serve(McpServer server, byte[] request, Principal principal) throws Exception {
        Request r = (Request) JsonRpcCodec.decode(Wire.parse(request));
        RequestMeta meta = RequestMeta.read(r);
        server.checkVersion(meta.protocolVersion());
        JsonObject result = server.handle(r, meta, principal, EventSink.NONE, new CancellationSignal());
        return Wire.write(JsonRpcCodec.encode(new dev.switchboard.protocol.jsonrpc.Response.Success(r.id(), result)));
    }
}
