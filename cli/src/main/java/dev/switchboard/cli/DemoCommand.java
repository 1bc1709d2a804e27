package dev.switchboard.cli;

import dev.switchboard.agents.demo.PaymentAgents;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code switchboard demo}: runnable demonstrations. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run a demonstration.",
        subcommands = DemoCommand.Agents.class)
final class DemoCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code demo agents}: billing delegates to compliance, which may ask a human. */
    @Command(name = "agents", mixinStandardHelpOptions = true,
            description = {"Start a billing agent and a compliance agent on 127.0.0.1 until Ctrl-C.",
                    "billing's process_payment asks compliance's approve_payment, with a signed token saying "
                            + "'billing, acting for you'. Above the threshold compliance asks a human; the "
                            + "question reaches whoever called billing, and the answer flows back down."})
    static final class Agents implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--threshold", defaultValue = "1000", description = "Amounts above this need a human approval (default ${DEFAULT-VALUE}).")
        BigDecimal threshold;

        @Option(names = "--port", defaultValue = "8090", description = "billing's port; compliance gets the next one (0: free ports; default ${DEFAULT-VALUE}).")
        int port;

        @Override
        public Integer call() throws Exception {
            if (threshold.signum() < 0) {
                throw new IllegalArgumentException("--threshold must not be negative, got " + threshold);
            }
            PaymentAgents demo = PaymentAgents.start(threshold, port, port == 0 ? 0 : port + 1);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                demo.close();
                stopped.countDown();
            }, "switchboard-demo-shutdown"));
            PrintWriter out = spec.commandLine().getOut();
            String billing = demo.billing().endpoint().toString();
            out.println("billing agent     " + billing + "   skill: process_payment {amount, currency, payee}");
            out.println("compliance agent  " + demo.compliance().endpoint() + "   skill: approve_payment (only when called by billing)");
            out.println();
            out.println("In another terminal, pay under the threshold (" + threshold.toPlainString() + "): approved by policy");
            out.println("  ./switchboard call " + billing + " process_payment --arg amount=250 --arg payee=ACME --wait");
            out.println("and over it: compliance asks you, through billing's task, and you answer at the prompt");
            out.println("  ./switchboard call " + billing + " process_payment --arg amount=1200 --arg payee=ACME --wait");
            out.println();
            out.println("Ctrl-C stops both agents.");
            out.flush();
            stopped.await();
            return 0;
        }
    }
}
