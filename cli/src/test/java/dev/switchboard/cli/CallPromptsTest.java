package dev.switchboard.cli;

import dev.switchboard.client.McpClient;
import dev.switchboard.http.McpHttpServer;
import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.protocol.content.TextContent;
import dev.switchboard.protocol.elicitation.ElicitRequest;
import dev.switchboard.protocol.elicitation.ElicitResult;
import dev.switchboard.protocol.json.JsonObject;
import dev.switchboard.protocol.mrtr.InputRequest;
import dev.switchboard.protocol.tools.CallToolResult;
import dev.switchboard.protocol.tools.Tool;
import dev.switchboard.server.McpServer;
import dev.switchboard.server.Outcome;
import dev.switchboard.server.ToolCall;
import dev.switchboard.server.ToolHandler;
import dev.switchboard.server.tasks.TaskPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code switchboard call} answering a server's questions from scripted stdin: an MRTR form, a
 * task that goes {@code input_required} under {@code --wait}, and Ctrl-C cancelling a task.
 */
class CallPromptsTest {
    static final JsonObject NO_ARGS = (JsonObject) Wire.parse("{\"type\":\"object\"}");
    static final JsonObject CONFIRM = (JsonObject) Wire.parse("""
            {"type":"object","properties":{"ok":{"type":"boolean","title":"Go ahead?"}},"required":["ok"]}""");
    /** Counted down when long_job's thread is interrupted, as tasks/cancel does. */
    static final CountDownLatch LONG_JOB_CANCELLED = new CountDownLatch(1);

    static McpHttpServer http;
    static String url;

    @BeforeAll
    static void start() throws Exception {
        TaskPolicy tasks = TaskPolicy.required().pollInterval(Duration.ofMillis(50));
        McpServer server = McpServer.builder("prompts-test", "1")
                .tool(Tool.of("book_table", "Asks for the booking through MRTR", NO_ARGS), CallPromptsTest::bookTable)
                .tool(Tool.of("approve_job", "A task that asks for approval midway", NO_ARGS),
                        CallPromptsTest::approveJob, tasks)
                .tool(Tool.of("long_job", "A task that runs for a minute", NO_ARGS), ToolHandler.of(call -> {
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        LONG_JOB_CANCELLED.countDown();
                        throw e;
                    }
                    return CallToolResult.of(TextContent.of("finished"));
                }), tasks)
                .build();
        http = McpHttpServer.builder(server).port(0).start();
        url = http.endpoint().toString();
    }

    @AfterAll
    static void stop() {
        http.close();
    }

    private static Outcome<CallToolResult> bookTable(ToolCall call) {
        ElicitResult answer = call.responses().elicitation("booking");
        if (answer == null) {
            return Outcome.inputRequired("booking", InputRequest.elicit(ElicitRequest.form("Book a table?",
                    TerminalElicitationTest.BOOKING)), null);
        }
        if (answer.action() != ElicitResult.Action.ACCEPT) {
            return Outcome.complete(CallToolResult.of(TextContent.of("no booking (" + answer.action().wire() + ")")));
        }
        JsonObject c = answer.content();
        return Outcome.complete(CallToolResult.of(TextContent.of("booked for " + c.getString("name") + ", "
                + c.get("party") + " people, " + c.getString("seating") + ", vegetarian " + c.get("vegetarian"))));
    }

    private static Outcome<CallToolResult> approveJob(ToolCall call) throws InterruptedException {
        ElicitResult answer = call.responses().elicitation("approval");
        if (answer == null) {
            call.task().statusMessage("checking the job");
            Thread.sleep(300); // long enough for a poll to see the message
            return Outcome.inputRequired("approval", InputRequest.elicit(ElicitRequest.form("Run the job?", CONFIRM)),
                    null);
        }
        boolean ok = answer.action() == ElicitResult.Action.ACCEPT && answer.content().get("ok").toString().equals("true");
        return Outcome.complete(CallToolResult.of(TextContent.of(ok ? "approved" : "not approved")));
    }

    /** Runs the CLI in this JVM with {@code input} as stdin. */
    static KeysCommandTest.Run run(String input, String... args) {
        CommandLine cli = SwitchboardCommand.commandLine();
        ((CallCommand) cli.getSubcommands().get("call").getCommandSpec().userObject()).stdin =
                new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new KeysCommandTest.Run(code, out.toString(), err.toString());
    }

    @Test
    void anMrtrFormIsAnsweredFromStdin() {
        KeysCommandTest.Run r = run("Ada\n4\n2\ny\n\n\n", "call", url, "book_table");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("booked for Ada, 4 people, out, vegetarian true");
        assertThat(r.err()).contains("[the server asks] Book a table?").contains("Party size");
    }

    @Test
    void withoutInputTheQuestionIsDeclinedAndTheCallGoesOn() {
        KeysCommandTest.Run r = run("", "call", url, "book_table");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("no booking (decline)");
        assertThat(r.err()).contains("declined: no input to answer with (stdin ended)");
    }

    @Test
    void waitFollowsTheTaskAndAnswersItsInput() {
        KeysCommandTest.Run r = run("y\n\n", "call", url, "approve_job", "--wait");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out().strip()).isEqualTo("approved");
        assertThat(r.err()).containsPattern("\\[task \\S+: working")
                .contains("checking the job")
                .containsPattern("\\[task \\S+: input_required")
                .contains("[the server asks] Run the job?")
                .containsPattern("\\[task \\S+: completed");
        assertThat(r.err().indexOf("input_required")).isLessThan(r.err().indexOf("Run the job?"));
    }

    @Test
    void waitWithASessionEraServerIsANormalCallAndStillPrompts() {
        KeysCommandTest.Run r = run("Grace\n2\n\nn\n\n\n", "call", url, "book_table", "--wait", "--era", "legacy");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("does not offer tasks");
        assertThat(r.out().strip()).isEqualTo("booked for Grace, 2 people, in, vegetarian false");
    }

    @Test
    void interruptingAWaitCancelsTheTask(@TempDir Path dir) throws Exception {
        Path stderr = dir.resolve("stderr.txt");
        Process p = startWaiting("long_job", stderr, ProcessBuilder.Redirect.PIPE);
        try {
            awaitStderr(p, stderr, ": working");
            p.destroy(); // SIGTERM runs the shutdown hooks, as Ctrl-C's SIGINT does
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(stderr)).contains("switchboard: interrupted").contains("tasks/cancel sent");
            assertThat(LONG_JOB_CANCELLED.await(10, TimeUnit.SECONDS)).as("the task's handler was interrupted").isTrue();
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void interruptingAPromptStillCancelsTheTask(@TempDir Path dir) throws Exception {
        // stdin is a FIFO this test holds open, like a terminal nobody types at: Process.destroy() would close a pipe
        Path fifo = dir.resolve("stdin");
        assumeTrue(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0, "needs mkfifo");
        CompletableFuture<OutputStream> writer = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.newOutputStream(fifo); // opens once the child's end is open
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Path stderr = dir.resolve("stderr.txt");
        Process p = startWaiting("approve_job", stderr, ProcessBuilder.Redirect.from(fifo.toFile()));
        try (OutputStream keptOpen = writer.get(10, TimeUnit.SECONDS)) {
            awaitStderr(p, stderr, "Go ahead?");
            p.destroy(); // the waiting thread is stuck reading stdin: the shutdown hook cancels the task itself
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            String text = Files.readString(stderr);
            assertThat(text).contains("switchboard: interrupted: task").contains("cancelled (tasks/cancel sent)");
            String taskId = text.substring(text.indexOf("[task ") + 6, text.indexOf(':', text.indexOf("[task ")));
            try (McpClient client = McpClient.builder(http.endpoint()).build()) {
                assertThat(client.getTask(taskId).task().status()).isEqualTo("cancelled");
            }
        } finally {
            p.destroyForcibly();
        }
    }

    /** {@code call URL TOOL --wait} in its own JVM, its stderr to a file (Process.destroy() closes the pipes). */
    private static Process startWaiting(String tool, Path stderr, ProcessBuilder.Redirect stdin) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                SwitchboardCommand.class.getName(), "call", url, tool, "--wait")
                .redirectInput(stdin).redirectError(stderr.toFile()).start();
    }

    private static void awaitStderr(Process p, Path stderr, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!(Files.exists(stderr) && Files.readString(stderr).contains(text))) {
            assertThat(System.nanoTime() < deadline && p.isAlive()).as("waiting for \"" + text + "\" on stderr: "
                    + (Files.exists(stderr) ? Files.readString(stderr) : "")).isTrue();
            Thread.sleep(50);
        }
    }
}
