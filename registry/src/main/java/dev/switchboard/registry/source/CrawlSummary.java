package dev.switchboard.registry.source;

import java.time.Duration;

/**
 * What one crawl did, for its closing line.
 *
 * @param sources     sources read
 * @param documents   documents offered to the registry
 * @param added       new versions
 * @param updated     changed versions
 * @param unchanged   versions offered as already stored
 * @param rejected    documents refused (invalid, or a name another source owns)
 * @param removed     versions their source no longer lists
 * @param notModified fetches answered 304, served from the kept copy
 * @param failed      fetches or reads that failed
 * @param took        how long it took
 */
public record CrawlSummary(int sources, int documents, int added, int updated, int unchanged, int rejected, int removed,
                           int notModified, int failed, Duration took) {

    @Override
    public String toString() {
        return "crawled " + sources + " source" + (sources == 1 ? "" : "s") + " in " + took.toMillis() + " ms: "
                + documents + " document" + (documents == 1 ? "" : "s") + " (" + added + " added, " + updated + " updated, "
                + unchanged + " unchanged, " + rejected + " rejected), " + removed + " removed, " + notModified
                + " not modified, " + failed + " failed";
    }
}
