package dev.earlywarning.alerts.service;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "alerts")
public interface AlertsConfig {

    /** Base URL of health-scorer, for the customer-history link carried by every alert. */
    @WithDefault("http://localhost:8082")
    String scorerUrl();

    /** How long the previous signing secret still signs after a rotation, so receivers can switch. */
    @WithDefault("24h")
    Duration secretRotationOverlap();

    Flapping flapping();

    Delivery delivery();

    Webhooks webhooks();

    Subscriptions subscriptions();

    interface Subscriptions {
        /** Most subscriptions; a further one is refused (409) until one is deleted. */
        @WithDefault("100")
        int max();
    }

    Accuracy accuracy();

    /** How right the alerts were, measured against what became of the customers. */
    interface Accuracy {
        /** An alert is right when its customer left within this time after it (the scorer's risk horizon). */
        @WithDefault("90d")
        Duration horizon();

        /** The window the exported metrics cover: alerts opened within it, ending now. */
        @WithDefault("365d")
        Duration window();

        /** How often the exported metrics are measured again (also read by its @Scheduled expression). */
        @WithDefault("60s")
        Duration refreshInterval();
    }

    interface Flapping {

        /** Resolved episodes of the same customer and cause within the window that make a new one flapping. */
        @WithDefault("2")
        int episodes();

        @WithDefault("24h")
        Duration window();
    }

    /** Where webhooks may go (README, "Security"). */
    interface Webhooks {
        /**
         * Hosts, as written in subscription URLs, that may be reached over plain http and at any
         * address: an admin's list for internal receivers (the local run's demo receiver). Empty by
         * default: only public addresses over https.
         */
        java.util.Optional<Set<String>> allowedHosts();

        /** Ports a webhook URL may use (hosts not allow-listed). */
        @WithDefault("443,8443")
        Set<Integer> allowedPorts();
    }

    interface Delivery {

        /** How often the dispatcher looks for due deliveries (also read by its @Scheduled expression). */
        @WithDefault("1s")
        Duration pollInterval();

        /** Most deliveries one dispatcher claims at a time (it claims again while batches come back full). */
        @WithDefault("50")
        int batchSize();

        /** Timeout of one webhook request. */
        @WithDefault("5s")
        Duration timeout();

        /**
         * How long a claimed delivery stays invisible to other dispatchers; after a crash it becomes
         * due again. At least per-endpoint-concurrency x timeout + 10 s (raised to it if shorter), so
         * a live sender is never overtaken.
         */
        @WithDefault("60s")
        Duration lease();

        /** Waits before each attempt (Standard Webhooks schedule); its length is the number of attempts. */
        @WithDefault("0s,5s,5m,30m,2h,5h,10h,10h")
        List<Duration> retryDelays();

        /** Up to this fraction of a wait is added at random. */
        @WithDefault("0.2")
        double jitter();

        /**
         * Deliveries sent to one endpoint (subscription) at once by one instance: a slow endpoint
         * holds only these, never another's. Also the HTTP connections per endpoint.
         */
        @WithDefault("8")
        int perEndpointConcurrency();

        /** Deliveries one instance sends at once, over all endpoints. */
        @WithDefault("256")
        int maxInFlight();

        /** The longest wait a receiver's Retry-After (429, 503) can ask for; longer asks are cut to it. */
        @WithDefault("1h")
        Duration maxRetryAfter();

        /** Most bytes of a receiver's answer read; the rest is not read and the connection is closed. */
        @WithDefault("4096")
        int maxResponseBytes();
    }
}
