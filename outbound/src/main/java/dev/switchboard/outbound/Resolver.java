package dev.switchboard.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into addresses. The outbound client calls it once per connection and
 * connects only to the addresses it returned that passed the checks; tests pass their own to map
 * names to any address without touching DNS.
 */
@FunctionalInterface
public interface Resolver {

    /** The system resolver ({@link InetAddress#getAllByName}). */
    Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** The addresses of {@code host}; blocks. */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
