package dev.earlywarning.alerts.domain;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where webhooks may go: public addresses over https on the allowed ports, unless an admin
 * allow-listed the URL's host (the local run's and the tests' loopback receivers). Internal
 * addresses are refused in every spelling: a host made of numbers is read as a C resolver reads it
 * (decimal {@code 2130706433}, hex {@code 0x7f000001}, octal {@code 0177.1}, short {@code 127.1}),
 * IPv6 literals with every IPv4 form embedded in them, and names by every address they resolve to.
 * A delivery checks again on the address it then connects to (DNS may have changed since).
 */
public final class WebhookDestinations {

    /** Why a destination was refused; the reason names a class of address, never a network detail. */
    public static final class Refused extends Exception {
        public Refused(String reason) {
            super(reason, null, false, false);
        }
    }

    /** A URL that passed the checks of its form: what to resolve and connect to. */
    public record Target(URI uri, String host, int port, boolean https, InetAddress literal, boolean allowListed) {
    }

    private final Set<String> allowedHosts;
    private final Set<Integer> allowedPorts;

    /**
     * @param allowedHosts hosts (as written in URLs, lower case) exempt from the address checks and
     *        allowed over plain http
     * @param allowedPorts ports other hosts may use
     */
    public WebhookDestinations(Set<String> allowedHosts, Set<Integer> allowedPorts) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(
                java.util.stream.Collectors.toUnmodifiableSet());
        this.allowedPorts = Set.copyOf(allowedPorts);
    }

    /** Checks a URL's scheme, port and (if it is an address) its address. */
    public Target target(String url) throws Refused {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            throw new Refused("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost();
        int explicitPort = uri.getPort();
        if (host == null && uri.getRawAuthority() != null && uri.getUserInfo() == null) {
            // java.net.URI leaves the host out when it is neither a full IPv4 address nor a name
            // (127.1, 0x7f000001): a resolver still connects to such hosts, so they are read here.
            String authority = uri.getRawAuthority();
            int colon = authority.lastIndexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            try {
                explicitPort = colon < 0 ? -1 : Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new Refused("has an invalid port");
            }
        }
        if (host == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new Refused("must be an absolute https URL");
        }
        if (uri.getUserInfo() != null) {
            throw new Refused("must not carry user information");
        }
        host = host.toLowerCase(Locale.ROOT);
        boolean https = scheme.equals("https");
        int port = explicitPort == -1 ? (https ? 443 : 80) : explicitPort;
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        boolean allowListed = allowedHosts.contains(host) || allowedHosts.contains(bare);
        InetAddress literal = literal(bare);
        if (allowListed) {
            return new Target(uri, bare, port, https, literal, true);
        }
        if (!https) {
            throw new Refused("must use https (plain http only for hosts an admin allow-listed)");
        }
        if (!allowedPorts.contains(port)) {
            throw new Refused("must use one of the allowed ports " + new java.util.TreeSet<>(allowedPorts));
        }
        if (literal instanceof Inet4Address && bare.contains(":")) {
            throw new Refused("points at an IPv4-in-IPv6 address"); // Java reads ::ffff:a.b.c.d as IPv4
        }
        if (literal != null) {
            Optional<String> internal = internal(literal);
            if (internal.isPresent()) {
                throw new Refused("points at " + kind(internal.get()));
            }
        }
        return new Target(uri, bare, port, https, literal, false);
    }

    /** Checks what a target's name resolved to: every address must be public (unless allow-listed). */
    public void checkResolved(Target target, List<InetAddress> addresses) throws Refused {
        if (target.allowListed()) {
            return;
        }
        if (addresses.isEmpty()) {
            throw new Refused("does not resolve");
        }
        for (InetAddress address : addresses) {
            Optional<String> internal = internal(address);
            if (internal.isPresent()) {
                throw new Refused("resolves to " + kind(internal.get()));
            }
        }
    }

    private static String kind(String internal) {
        return ("aeiouAEIOU".indexOf(internal.charAt(0)) >= 0 ? "an " : "a ") + internal + " address";
    }

    /** What kind of internal address this is, or empty for a public one. */
    public static Optional<String> internal(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Inet4Address embedded = embeddedIpv4(b);
            if (embedded != null) {
                return Optional.of("IPv4-in-IPv6");
            }
            if (address.isAnyLocalAddress()) {
                return Optional.of("unspecified");
            }
            if (address.isLoopbackAddress()) {
                return Optional.of("loopback");
            }
            if (address.isLinkLocalAddress() || (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
                return Optional.of("link-local"); // fe80::/10, and the deprecated site-local fec0::/10
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return Optional.of("private"); // unique local fc00::/7 (fd00::/8 in use)
            }
            if (address.isMulticastAddress()) {
                return Optional.of("multicast");
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return Optional.of("documentation");
            }
            return Optional.empty();
        }
        byte[] b = address.getAddress();
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        if (a0 == 0) {
            return Optional.of("unspecified"); // 0.0.0.0/8 reaches this host on Linux
        }
        if (a0 == 127) {
            return Optional.of("loopback");
        }
        if (a0 == 10 || a0 == 172 && a1 >= 16 && a1 <= 31 || a0 == 192 && a1 == 168) {
            return Optional.of("private");
        }
        if (a0 == 169 && a1 == 254) {
            return Optional.of("link-local or metadata");
        }
        if (a0 == 100 && a1 >= 64 && a1 <= 127) {
            return Optional.of("shared (carrier-grade NAT)");
        }
        if (a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0 || a0 == 198 && (a1 == 18 || a1 == 19)) {
            return Optional.of("reserved");
        }
        if (a0 >= 224 && a0 <= 239) {
            return Optional.of("multicast");
        }
        if (a0 >= 240) {
            return Optional.of("reserved"); // includes the broadcast address
        }
        return Optional.empty();
    }

    /**
     * The IPv4 address an IPv6 address carries, if any: mapped ({@code ::ffff:a.b.c.d}), compatible
     * ({@code ::a.b.c.d}), NAT64 ({@code 64:ff9b::/96}), 6to4 ({@code 2002::/16}) or SIIT
     * ({@code ::ffff:0:a.b.c.d}). Such a target is refused whatever it carries: a public IPv4 host
     * is reached by its IPv4 address.
     */
    static Inet4Address embeddedIpv4(byte[] b) {
        boolean zero80 = true;
        for (int i = 0; i < 10; i++) {
            zero80 &= b[i] == 0;
        }
        boolean mapped = zero80 && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zero80 && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0
                && (b[15] == 0 || b[15] == 1));
        boolean siit = b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 0 && b[6] == 0
                && b[7] == 0 && (b[8] & 0xff) == 0xff && (b[9] & 0xff) == 0xff && b[10] == 0 && b[11] == 0;
        boolean nat64 = b[0] == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        try {
            if (mapped || compatible || siit || nat64) {
                return (Inet4Address) InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return (Inet4Address) InetAddress.getByAddress(new byte[] {b[2], b[3], b[4], b[5]});
            }
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
        return null;
    }

    /**
     * The address a host spells, without DNS, or null for a name. IPv6 literals as Java reads them;
     * numbers in one to four dot-separated parts, each decimal, hex ({@code 0x}) or octal (leading
     * {@code 0}), as {@code inet_aton} reads them (and so as a system resolver would connect).
     */
    public static InetAddress literal(String host) {
        try {
            if (host.contains(":")) {
                return InetAddress.getByName("[" + host + "]"); // a literal: no lookup
            }
            String[] parts = host.endsWith(".") ? host.substring(0, host.length() - 1).split("\\.", -1)
                    : host.split("\\.", -1);
            if (parts.length < 1 || parts.length > 4) {
                return null;
            }
            long[] values = new long[parts.length];
            for (int i = 0; i < parts.length; i++) {
                Long value = number(parts[i]);
                if (value == null) {
                    return null;
                }
                values[i] = value;
            }
            long address = 0;
            int n = values.length;
            for (int i = 0; i < n - 1; i++) {
                if (values[i] > 255) {
                    return null;
                }
                address |= values[i] << (8 * (3 - i));
            }
            long last = values[n - 1];
            if (last >= 1L << (8 * (5 - n))) {
                return null;
            }
            address |= last;
            return InetAddress.getByAddress(new byte[] {(byte) (address >>> 24), (byte) (address >>> 16),
                    (byte) (address >>> 8), (byte) address});
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static Long number(String part) {
        try {
            if (part.isEmpty() || part.charAt(0) == '-' || part.charAt(0) == '+') {
                return null;
            }
            if (part.startsWith("0x") || part.startsWith("0X")) {
                return part.length() == 2 ? 0L : Long.parseLong(part.substring(2), 16);
            }
            if (part.length() > 1 && part.startsWith("0")) {
                return Long.parseLong(part.substring(1), 8);
            }
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
