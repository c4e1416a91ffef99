package dev.earlywarning.alerts.service;

import java.time.Clock;
import java.util.List;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.earlywarning.alerts.persistence.SecretCipher;
import dev.earlywarning.alerts.persistence.SubscriptionStore;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;

/**
 * Keeps signing secrets sealed and short-lived: the cipher from configuration, every secret sealed
 * again under the current key at start (after a key rotation), and previous secrets erased once
 * their overlap ended.
 */
@Singleton
public class SecretKeeping {

    private static final Logger LOG = Logger.getLogger(SecretKeeping.class);

    private final SubscriptionStore subscriptions;
    private final Clock clock;

    public SecretKeeping(SubscriptionStore subscriptions, Clock clock) {
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    @Produces
    @Singleton
    static SecretCipher cipher(AlertsConfig config) {
        return new SecretCipher(config.secrets().key(), config.secrets().previousKeys().orElse(List.of()));
    }

    void reseal(@Observes StartupEvent start, SecretCipher cipher) {
        int resealed = subscriptions.resealAll().await().indefinitely();
        if (resealed > 0) {
            LOG.infof("Sealed the signing secrets of %d subscriptions under key '%s'; keys in "
                    + "alerts.secrets.previous-keys are no longer needed", resealed, cipher.currentKeyId());
        }
    }

    @Scheduled(every = "60s", delayed = "10s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> erasePreviousSecrets() {
        return subscriptions.erasePreviousSecrets(clock.instant()).invoke(erased -> {
            if (erased > 0) {
                LOG.infof("Erased %d previous signing secrets whose rotation overlap ended", erased);
            }
        }).replaceWithVoid()
                // Tried again at the next run (the database away, or the service stopping).
                .onFailure().invoke(e -> LOG.warnf("Erasing expired previous secrets failed: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }
}
