package dev.earlywarning.alerts.service;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "alerts")
public interface AlertsConfig {

    /** Base URL of health-scorer as this service reaches it (inside the cluster). */
    @WithDefault("http://localhost:8082")
    String scorerUrl();

    /**
     * health-scorer as people and their tools reach it ({@code ALERTS_PUBLIC_SCORER_URL}): the
     * customer-history link in every alert and webhook, and the console's calls from the browser.
     * Defaults to {@link #scorerUrl()}, which in a cluster is an internal host that must not leak.
     */
    java.util.Optional<String> publicScorerUrl();

    /** Where links to health-scorer point. */
    default String linkedScorerUrl() {
        return publicScorerUrl().orElse(scorerUrl());
    }

    /** How long the previous signing secret still signs after a rotation, so receivers can switch. */
    @WithDefault("24h")
    Duration secretRotationOverlap();

    Flapping flapping();

    Delivery delivery();

    Webhooks webhooks();

    Subscriptions subscriptions();

    Secrets secrets();

    Stream stream();

    Retention retention();

    Console console();

    /**
     * The operations console (served at {@code /console/}): the OIDC provider it signs in with (it
     * finds health-scorer at {@link #linkedScorerUrl()}, which must allow this service's origin:
     * CONSOLE_ORIGINS there). Without a provider the sign-in page takes a bearer token
     * (the local run's development tokens).
     */
    interface Console {
        /** The OIDC provider's authorization endpoint (authorization code flow with PKCE). */
        java.util.Optional<String> oidcAuthorizationUrl();

        /** The OIDC provider's token endpoint. */
        java.util.Optional<String> oidcTokenUrl();

        /** The console's client id at the provider (a public client). */
        @WithDefault("early-warning-console")
        String oidcClientId();

        /** The scopes asked for; the access token must carry the audience and the roles claim. */
        @WithDefault("openid")
        String oidcScope();
    }

    /** How long each kind of data is kept (README, "Retention"); the purge runs every {@link #interval()}. */
    interface Retention {
        /** Live-stream events: how far back a reconnecting console can resume. */
        @WithDefault("30d")
        Duration alertEvents();

        /** Delivered and failed webhook deliveries (pending ones stay until they finish). */
        @WithDefault("30d")
        Duration deliveries();

        /**
         * The processed-signal log that makes a re-delivered signal change nothing; longer than the
         * churn-risk-signals topic keeps records (14 days), so a replay never applies one twice.
         */
        @WithDefault("30d")
        Duration processedSignals();

        /** Resolved alerts, with their transitions, outcome, stream events and deliveries. */
        @WithDefault("730d")
        Duration resolvedAlerts();

        /** The audit trail. */
        @WithDefault("730d")
        Duration audit();

        @WithDefault("1h")
        Duration interval();

        /** Most rows of each kind one pass deletes; the next pass goes on. */
        @WithDefault("10000")
        int batch();
    }

    interface Stream {
        /** Live-stream connections one client (token subject) may hold on one instance at once. */
        @WithDefault("5")
        int maxPerClient();
    }

    /** Signing secrets at rest (README, "Secrets and customer data"). */
    interface Secrets {
        /**
         * The key that seals signing secrets: {@code <id>:<base64 of 32 random bytes>}
         * ({@code ALERTS_SECRETS_KEY}); required.
         */
        String key();

        /** Keys that sealed secrets before a rotation; at start every secret is sealed again under {@link #key()}. */
        java.util.Optional<List<String>> previousKeys();
    }

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
