package dev.switchboard.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The kinds of address an outbound request refuses unless configuration allows them: everything
 * that is not a globally routable unicast address. Classified from the address bytes, never from
 * a host name.
 */
public enum AddressClass {
    /** 127.0.0.0/8 and ::1. */
    LOOPBACK("a loopback address"),
    /** 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 (RFC 1918). */
    PRIVATE("a private (RFC 1918) address"),
    /** 169.254.0.0/16 and fe80::/10, where cloud metadata services live. */
    LINK_LOCAL("a link-local address"),
    /** fc00::/7 (RFC 4193). */
    UNIQUE_LOCAL("a unique-local IPv6 address"),
    /** 100.64.0.0/10, carrier-grade NAT (RFC 6598). */
    CGNAT("a carrier-grade NAT (100.64.0.0/10) address"),
    /** 64:ff9b::/96 and 64:ff9b:1::/48: IPv4 behind a NAT64 gateway, which may be internal. */
    NAT64("a NAT64 (64:ff9b::/96) address"),
    /** ::ffff:0:0/96 and the deprecated ::/96: an IPv4 address in IPv6 clothing. */
    IPV4_MAPPED("an IPv4-mapped IPv6 address"),
    /** 0.0.0.0/8, ::, multicast, broadcast and the reserved 240.0.0.0/4. */
    NOT_UNICAST("not a unicast address");

    private final String description;

    AddressClass(String description) {
        this.description = description;
    }

    /** For messages: {@code "a private (RFC 1918) address"}. */
    public String description() {
        return description;
    }

    /**
     * The class of {@code address}, or null when it is a public unicast address.
     * An IPv4-mapped address is {@link #IPV4_MAPPED} whatever the IPv4 address inside it is.
     */
    public static AddressClass of(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return ofIpv4(b);
        }
        if (address.isLoopbackAddress()) {
            return LOOPBACK;
        }
        if (address.isAnyLocalAddress() || address.isMulticastAddress()) {
            return NOT_UNICAST;
        }
        if (address.isLinkLocalAddress()) {
            return LINK_LOCAL;
        }
        if ((b[0] & 0xfe) == 0xfc) {
            return UNIQUE_LOCAL;
        }
        if (b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b
                && (b[4] == 0 && b[5] == 0 || b[4] == 0 && b[5] == 1)) {
            return NAT64;
        }
        if (((Inet6Address) address).isIPv4CompatibleAddress() || isMapped(b)) {
            return IPV4_MAPPED;
        }
        return null;
    }

    private static AddressClass ofIpv4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        if (a0 == 127) {
            return LOOPBACK;
        }
        if (a0 == 10 || a0 == 172 && a1 >= 16 && a1 <= 31 || a0 == 192 && a1 == 168) {
            return PRIVATE;
        }
        if (a0 == 169 && a1 == 254) {
            return LINK_LOCAL;
        }
        if (a0 == 100 && a1 >= 64 && a1 <= 127) {
            return CGNAT;
        }
        if (a0 == 0 || a0 >= 224) {
            return NOT_UNICAST;
        }
        return null;
    }

    private static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }
}
