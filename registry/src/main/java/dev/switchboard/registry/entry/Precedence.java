package dev.switchboard.registry.entry;

/**
 * Which source wins when two give the same server name, strongest first. A name belongs to one
 * source at a time: a stronger source takes it over (the weaker one's versions are dropped and
 * listed as rejections), a weaker or equal one is refused with a rejection naming the owner.
 * Among sources of one kind the first to list the name keeps it.
 */
public enum Precedence {
    /** {@code server.json} files the operator put in place: the operator's word is final. */
    FILES,
    /** Documents published to this registry by a publisher who proved the namespace. */
    PUBLISHED,
    /** Server Cards, read directly or through an AI Catalog: the server's own statement. */
    CARDS,
    /** Other registries' listings: second-hand, so the weakest. */
    REGISTRIES;

    /** True when this source may take a name from a source of precedence {@code owner}. */
    public boolean overrides(Precedence owner) {
        return compareTo(owner) < 0;
    }
}
