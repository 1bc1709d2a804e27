package dev.switchboard.outbound.internal;

import dev.switchboard.outbound.AddressClass;
import dev.switchboard.outbound.OutboundException;
import dev.switchboard.outbound.Resolver;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * The only place the outbound client learns addresses: it resolves a host once per connection,
 * drops every address of a refused class and hands Jetty the rest, so the address that was checked
 * is the address connected to (no second lookup a rebinding DNS server could answer differently).
 */
public final class CheckedAddressResolver implements SocketAddressResolver {
    private final Resolver resolver;
    private final Set<AddressClass> allowed;
    private final Executor executor;

    /** Resolves with {@code resolver}, accepting public addresses and those of the {@code allowed} classes. */
    public CheckedAddressResolver(Resolver resolver, Set<AddressClass> allowed, Executor executor) {
        this.resolver = resolver;
        this.allowed = Set.copyOf(allowed);
        this.executor = executor;
    }

    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
        executor.execute(() -> {
            try {
                promise.succeeded(addresses(host, port));
            } catch (OutboundException | RuntimeException e) {
                promise.failed(e);
            }
        });
    }

    /** The socket addresses to connect to for {@code host}, or why there are none. */
    public List<InetSocketAddress> addresses(String host, int port) throws OutboundException {
        List<InetAddress> candidates = candidates(host);
        List<InetSocketAddress> accepted = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (InetAddress address : candidates) {
            AddressClass kind = classify(host, address);
            if (kind == null || allowed.contains(kind)) {
                accepted.add(new InetSocketAddress(address, port));
            } else {
                refused.add(address.getHostAddress() + " (" + kind.description() + ")");
            }
        }
        if (accepted.isEmpty()) {
            throw new OutboundException(refused.isEmpty() ? host + " has no addresses"
                    : "refused to connect to " + host + ": it resolves to " + String.join(", ", refused)
                    + ", which outbound requests may not reach unless configuration allows it");
        }
        return List.copyOf(accepted);
    }

    private List<InetAddress> candidates(String host) throws OutboundException {
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            if (isIpLiteral(literal)) {
                return List.of(InetAddress.getByName(literal)); // a literal: parsed, no lookup
            }
            return resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new OutboundException("cannot resolve " + host + ": " + e.getMessage(), e);
        }
    }

    /** The JDK turns {@code ::ffff:a.b.c.d} into an IPv4 address; the text still shows what it was. */
    private static AddressClass classify(String host, InetAddress address) {
        if (address instanceof Inet4Address && host.contains(":")) {
            return AddressClass.IPV4_MAPPED;
        }
        return AddressClass.of(address);
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }
}
