package dev.earlywarning.commons.metrics;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.micrometer.core.instrument.config.MeterFilter;

/**
 * With the management interface on its own port, Vert.x meters its HTTP server with a
 * {@code server.port} tag and the application's without; Prometheus refuses one name with two tag
 * sets, and the failed registration stalls the server's start. Both servers' meters are kept,
 * without the port (which port serves what is fixed by configuration).
 */
public class ManagementPortMetrics {

    @Produces
    @Singleton
    MeterFilter withoutServerPort() {
        return MeterFilter.ignoreTags("server.port");
    }
}
