package dev.switchboard.client.stdio;

import dev.switchboard.client.CallOptions;
import dev.switchboard.client.CancellationToken;
import dev.switchboard.client.Era;
import dev.switchboard.client.McpClient;
import dev.switchboard.client.McpClientException;
import dev.switchboard.protocol.ProtocolVersion;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.Json;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.logging.LoggingLevel;
import dev.switchboard.protocol.logging.LoggingMessageNotification;
import dev.switchboard.protocol.notifications.ProgressNotification;
import dev.switchboard.protocol.tools.CallToolRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link McpClient} over stdio against our own server (and some broken ones) in child JVMs. */
@Timeout(60)
class StdioClientTest {

    private static McpClient.Builder demo() {
        return McpClient.builder(StdioServers.command("demo")).requestTimeout(Duration.ofSeconds(30))
                .elicitation(request -> ElicitResult.accept(JsonObject.of("name", Json.of("Ada"))));
    }

    private static String text(CallToolResult r) {
        return ((TextContent) r.content().getFirst()).text();
    }

    @Test
    void autoPicksTheModernEraOfOurStdioServer() {
        try (McpClient client = demo().build()) {
            assertThat(client.era()).isEqualTo(Era.MODERN);
            assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2026_07_28);
            assertThat(client.endpoint().getScheme()).isEqualTo("stdio");
            assertThat(client.listAllTools()).extracting(Tool::name).contains("echo", "add", "count_slowly", "greet");
            assertThat(text(client.callTool("echo", JsonObject.of("text", Json.of("hi"))))).isEqualTo("hi");
        }
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void listCallProgressLogAndElicitationInBothEras(Era era) {
        ProcessHandle child;
        try (McpClient client = demo().era(era).build()) {
            child = client.serverProcess().orElseThrow();
            assertThat(client.era()).isEqualTo(era);
            if (era == Era.LEGACY) {
                assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2025_11_25);
            }
            assertThat(client.serverInfo()).isNotNull();
            assertThat(client.listAllTools()).extracting(Tool::name).contains("echo", "greet");
            assertThat(text(client.callTool("echo", JsonObject.of("text", Json.of("héllo ✓"))))).isEqualTo("héllo ✓");

            List<ProgressNotification> progress = new CopyOnWriteArrayList<>();
            List<LoggingMessageNotification> logs = new CopyOnWriteArrayList<>();
            CallToolResult counted = client.callTool(CallToolRequest.of("count_slowly", JsonObject.of("n", Json.of(3))),
                    CallOptions.builder().onProgress(progress::add).onLog(LoggingLevel.INFO, logs::add).build());
            assertThat(text(counted)).isEqualTo("counted to 3");
            assertThat(progress).extracting(ProgressNotification::progress).containsExactly(1.0, 2.0, 3.0);
            assertThat(logs).hasSize(3);

            assertThat(text(client.callTool("greet", JsonObject.EMPTY))).isEqualTo("Hello, Ada!");
            assertThat(client.readResource("demo://readme").contents()).isNotEmpty();
        }
        assertThat(child.isAlive()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = Era.class, names = {"MODERN", "LEGACY"})
    void cancellationSendsNotificationsCancelledAndTheProcessServesOn(Era era) throws Exception {
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        try (McpClient client = demo().era(era).build()) {
            client.listAllTools(); // connected
            CancellationToken token = new CancellationToken();
            later.schedule(token::cancel, 300, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.callTool(CallToolRequest.of("count_slowly", JsonObject.of("n", Json.of(100))),
                    CallOptions.builder().cancellation(token).build()))
                    .isInstanceOfSatisfying(McpClientException.class,
                            e -> assertThat(e.kind()).isEqualTo(McpClientException.Kind.CANCELLED));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(text(client.callTool("echo", JsonObject.of("text", Json.of("still here"))))).isEqualTo("still here");
        } finally {
            later.shutdownNow();
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"odd-legacy-error", "odd-legacy-result"})
    void autoFallsBackOnAnyAnswerThatIsNotAModernDiscoverResult(String mode) {
        try (McpClient client = McpClient.builder(StdioServers.command(mode)).build()) {
            assertThat(client.era()).isEqualTo(Era.LEGACY);
            assertThat(client.protocolVersion()).isEqualTo(ProtocolVersion.V2025_06_18);
            assertThat(client.serverInfo().name()).isEqualTo("odd");
            assertThat(client.listAllTools()).extracting(Tool::name).containsExactly("odd_tool");
            // stderr is read on its own thread: the last line may trail the stdout answer a little
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!client.serverStderr().contains("got tools/list") && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(client.serverStderr()).contains("got server/discover", "got initialize", "got tools/list");
        }
    }

    @Test
    void aServerThatDiesMidCallFailsTheCallWithItsExitCodeAndStderr() {
        ProcessHandle child;
        try (McpClient client = McpClient.builder(StdioServers.command("crash")).era(Era.MODERN)
                .requestTimeout(Duration.ofSeconds(30)).build()) {
            child = client.serverProcess().orElseThrow();
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.callTool("echo", JsonObject.of("text", Json.of("hi"))))
                    .isInstanceOfSatisfying(McpClientException.class, e -> {
                        assertThat(e.kind()).isEqualTo(McpClientException.Kind.TRANSPORT);
                        assertThat(e.getMessage()).contains("exited with code 3").contains("the database is on fire");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(client.serverStderr()).contains("the database is on fire");
            // later calls fail the same way, at once
            assertThatThrownBy(() -> client.listAllTools()).isInstanceOfSatisfying(McpClientException.class,
                    e -> assertThat(e.getMessage()).contains("exited with code 3"));
        }
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void aServerThatIgnoresItsInputEndingIsKilledOnClose() {
        ProcessHandle child;
        McpClient client = McpClient.builder(StdioServers.command("stubborn")).era(Era.MODERN)
                .shutdownGrace(Duration.ofMillis(300)).build();
        child = client.serverProcess().orElseThrow();
        assertThatThrownBy(() -> client.callTool(CallToolRequest.of("echo", JsonObject.of("text", Json.of("hi"))),
                CallOptions.builder().timeout(Duration.ofMillis(500)).build()))
                .isInstanceOfSatisfying(McpClientException.class,
                        e -> assertThat(e.kind()).isEqualTo(McpClientException.Kind.TIMEOUT));
        client.close();
        assertThat(child.isAlive()).isFalse();
        // the request, then its notifications/cancelled
        assertThat(client.serverStderr().lines().filter(l -> l.equals("ignoring a message")).count()).isEqualTo(2);
    }

    @Test
    void closingStopsACallInFlight() throws Exception {
        McpClient client = demo().build();
        ProcessHandle child = client.serverProcess().orElseThrow();
        client.listAllTools();
        var failure = new java.util.concurrent.CompletableFuture<Throwable>();
        Thread.ofVirtual().start(() -> {
            try {
                client.callTool("count_slowly", JsonObject.of("n", Json.of(100)));
                failure.complete(null);
            } catch (Throwable t) {
                failure.complete(t);
            }
        });
        Thread.sleep(300);
        client.close();
        assertThat(failure.get(10, TimeUnit.SECONDS)).isInstanceOfSatisfying(McpClientException.class,
                e -> assertThat(e.kind()).isEqualTo(McpClientException.Kind.CLOSED));
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void aMissingProgramFailsAtBuild() {
        assertThatThrownBy(() -> McpClient.builder(List.of("/nonexistent/mcp-server")).build())
                .isInstanceOfSatisfying(McpClientException.class, e -> {
                    assertThat(e.kind()).isEqualTo(McpClientException.Kind.TRANSPORT);
                    assertThat(e.getMessage()).contains("/nonexistent/mcp-server");
                });
        assertThatThrownBy(() -> McpClient.builder(List.of("x")).header("Authorization", "y"))
                .isInstanceOf(IllegalStateException.class);
    }
}
