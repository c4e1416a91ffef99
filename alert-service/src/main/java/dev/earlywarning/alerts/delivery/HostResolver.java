package dev.earlywarning.alerts.delivery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Every address a webhook host resolves to; the destination checks judge them all. */
public interface HostResolver {

    /** The addresses of {@code host}, or a failure with {@link UnknownHostException}. */
    Uni<List<InetAddress>> resolve(String host);

    /** The system's resolver (and the JVM's DNS cache), off the event loop. */
    @ApplicationScoped
    @DefaultBean
    class System implements HostResolver {
        @Override
        public Uni<List<InetAddress>> resolve(String host) {
            return Uni.createFrom().item(() -> {
                try {
                    return List.of(InetAddress.getAllByName(host));
                } catch (UnknownHostException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
    }
}
