package dev.switchboard.registry;

import dev.switchboard.protocol.codec.Wire;
import dev.switchboard.registry.Registry.Change;
import dev.switchboard.registry.Registry.Submission;
import dev.switchboard.registry.entry.Precedence;
import dev.switchboard.registry.entry.Provenance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A handful of realistic {@code server.json} entries shipped in the jar, so a registry started
 * without configuration has something to list and search. Offered like operator files.
 */
public final class DemoCatalog {
    /** The source id its entries carry. */
    public static final String SOURCE = "demo";
    static final List<String> FILES = List.of("weather.json", "git-tools.json", "helpdesk.json", "geocoder.json",
            "postgres.json", "switchboard-demo.json");

    private DemoCatalog() {
    }

    /**
     * Offers every demo entry to {@code registry}.
     *
     * @return how many were accepted (all of them, unless a stronger source already has the name)
     */
    public static int offerTo(Registry registry) {
        int accepted = 0;
        for (String file : FILES) {
            try (InputStream in = DemoCatalog.class.getResourceAsStream("demo/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("demo/" + file + " is missing from the classpath");
                }
                Provenance p = new Provenance(SOURCE, "demo/" + file, Precedence.FILES);
                if (registry.offer(Submission.of(p, Wire.parse(in))) != Change.REJECTED) {
                    accepted++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return accepted;
    }
}
