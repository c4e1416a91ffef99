package dev.earlywarning.alerts.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.earlywarning.alerts.domain.WebhookDestinations;
import dev.earlywarning.alerts.service.AlertsConfig;
import io.smallrye.mutiny.Uni;

/**
 * Applies {@link WebhookDestinations} to a URL with its name resolved: at subscription time, and at
 * every delivery, which then connects to exactly the address checked here (so a name that changes
 * its answer between the check and the connection, DNS rebinding, cannot slip through).
 */
@ApplicationScoped
public class DestinationGuard {

    /** A destination that may be sent to, and the address to connect to. */
    public record Checked(WebhookDestinations.Target target, InetAddress address) {
    }

    private final WebhookDestinations destinations;
    private final HostResolver resolver;

    public DestinationGuard(AlertsConfig config, HostResolver resolver) {
        this.destinations = new WebhookDestinations(config.webhooks().allowedHosts().orElse(Set.of()),
                config.webhooks().allowedPorts());
        this.resolver = resolver;
    }

    /** The checked destination, or a failure with {@link WebhookDestinations.Refused}. */
    public Uni<Checked> check(String url) {
        WebhookDestinations.Target target;
        try {
            target = destinations.target(url);
        } catch (WebhookDestinations.Refused e) {
            return Uni.createFrom().failure(e);
        }
        if (target.literal() != null) {
            return Uni.createFrom().item(new Checked(target, target.literal()));
        }
        return resolver.resolve(target.host())
                .onFailure().transform(failure -> unwrap(failure) instanceof UnknownHostException
                        ? new WebhookDestinations.Refused("does not resolve") : failure)
                .map(addresses -> {
                    try {
                        destinations.checkResolved(target, addresses);
                    } catch (WebhookDestinations.Refused e) {
                        throw new RefusedDestination(e);
                    }
                    return new Checked(target, addresses.get(0));
                })
                .onFailure(RefusedDestination.class).transform(Throwable::getCause);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof java.io.UncheckedIOException && failure.getCause() != null ? failure.getCause()
                : failure;
    }

    /** Carries a checked {@link WebhookDestinations.Refused} through a lambda. */
    private static final class RefusedDestination extends RuntimeException {
        RefusedDestination(WebhookDestinations.Refused cause) {
            super(cause);
        }
    }
}
