package dev.murmur.limit;

import io.quarkus.arc.Arc;
import io.quarkus.arc.InjectableInstance;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The address of the client that sent the current HTTP request, as a rate-limit key.
 *
 * <p>It is the TCP peer's address, unless {@code quarkus.http.proxy.proxy-address-forwarding} is on:
 * then Quarkus takes it from the {@code Forwarded} / {@code X-Forwarded-For} header, from the proxies
 * listed in {@code quarkus.http.proxy.trusted-proxies} only (docs/operations.md "Behind a proxy").
 * Off by default, so a client cannot pick its own address with a header.
 *
 * <p>An IPv6 client is keyed by its /64 network: one host usually holds a whole /64, and would
 * otherwise get a fresh bucket for each of its 2^64 addresses.
 */
@ApplicationScoped
public class ClientAddress {

    private final InjectableInstance<CurrentVertxRequest> request;

    public ClientAddress() {
        this.request = Arc.container().select(CurrentVertxRequest.class);
    }

    /** The current request's client key, or empty outside an HTTP request (start-up, schedulers, the demo seeder). */
    public Optional<String> current() {
        if (!Arc.container().requestContext().isActive()) {
            return Optional.empty();
        }
        RoutingContext context = request.get().getCurrent();
        SocketAddress peer = context == null ? null : context.request().remoteAddress();
        return peer == null || peer.hostAddress() == null ? Optional.empty() : Optional.of(key(peer.hostAddress()));
    }

    /** An IPv4 address as it is; an IPv6 address as its /64 network ({@code 2001:db8:0:0:0:0:0:0/64}). */
    static String key(String hostAddress) {
        if (hostAddress.indexOf(':') < 0) {
            return hostAddress;
        }
        try {
            // A literal (it contains ':'), so no name lookup happens.
            InetAddress address = InetAddress.getByName(hostAddress.replaceFirst("%.*$", ""));
            if (!(address instanceof Inet6Address)) {
                return address.getHostAddress(); // an IPv4-mapped address
            }
            byte[] network = Arrays.copyOf(address.getAddress(), 16);
            Arrays.fill(network, 8, 16, (byte) 0);
            return InetAddress.getByAddress(network).getHostAddress() + "/64";
        } catch (UnknownHostException e) {
            return hostAddress;
        }
    }
}
