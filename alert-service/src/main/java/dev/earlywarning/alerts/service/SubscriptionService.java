package dev.earlywarning.alerts.service;

import dev.earlywarning.commons.problem.FieldError;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.earlywarning.alerts.domain.StorableText;
import dev.earlywarning.alerts.domain.Severity;
import dev.earlywarning.alerts.domain.SubscriptionFilter;
import dev.earlywarning.alerts.delivery.DestinationGuard;
import dev.earlywarning.alerts.domain.WebhookDestinations;
import dev.earlywarning.alerts.domain.WebhookSigner;
import dev.earlywarning.alerts.persistence.AuditEntry;
import dev.earlywarning.alerts.persistence.AuditLog;
import dev.earlywarning.alerts.persistence.Subscription;
import dev.earlywarning.alerts.persistence.SubscriptionStore;
import io.smallrye.mutiny.Uni;

/** Webhook subscriptions of operations teams. */
@ApplicationScoped
public class SubscriptionService {

    /** What a team asks for. */
    public record NewSubscription(String name, String url, Severity minSeverity, Set<String> segments,
                                  Set<String> causes, Integer groupWindowSeconds) {
    }

    /** A subscription as listed; the secret is shown once, at creation. */
    public record SubscriptionView(UUID id, String name, String url, Severity minSeverity, Set<String> segments,
                                   Set<String> causes, int groupWindowSeconds, boolean active, boolean paused,
                                   String disabledReason, java.time.Instant previousSecretUntil, String secret) {
        static SubscriptionView of(Subscription s, boolean withSecret) {
            return new SubscriptionView(s.id(), s.name(), s.url(), s.filter().minSeverity(), s.filter().segments(),
                    s.filter().causes(), s.groupWindowSeconds(), s.active(), s.paused(), s.disabledReason(),
                    s.previousSecretUntil(), withSecret ? s.secret() : null);
        }
    }

    /** A field of the request and why it is wrong. */

    /** The request was invalid; each bad field is named. */
    public static class InvalidSubscription extends RuntimeException {
        private final transient List<FieldError> errors;

        public InvalidSubscription(List<FieldError> errors) {
            super("Invalid subscription: " + errors);
            this.errors = errors;
        }

        public List<FieldError> errors() {
            return errors;
        }
    }

    /** The configured cap on subscriptions is reached. */
    public static class LimitReached extends RuntimeException {
        public LimitReached(int max) {
            super("At most " + max + " subscriptions (alerts.subscriptions.max); delete one first");
        }
    }

    private final SubscriptionStore subscriptions;
    private final AlertsConfig config;
    private final Clock clock;
    private final DestinationGuard destinations;
    private final AuditLog audit;

    public SubscriptionService(SubscriptionStore subscriptions, AlertsConfig config, Clock clock,
                               DestinationGuard destinations, AuditLog audit) {
        this.audit = audit;
        this.subscriptions = subscriptions;
        this.destinations = destinations;
        this.clock = clock;
        this.config = config;
    }

    public Uni<SubscriptionView> create(NewSubscription request, String actor) {
        List<FieldError> errors = validate(request);
        if (!errors.isEmpty()) {
            return Uni.createFrom().failure(new InvalidSubscription(errors));
        }
        SubscriptionFilter filter = new SubscriptionFilter(
                request.minSeverity() == null ? Severity.WARNING : request.minSeverity(),
                request.segments() == null ? Set.of() : request.segments(),
                request.causes() == null ? Set.of() : request.causes());
        Subscription subscription = new Subscription(UUID.randomUUID(), request.name(), request.url(),
                WebhookSigner.newSecret(), filter, true, clock.instant(), null, false,
                request.groupWindowSeconds() == null ? 0 : request.groupWindowSeconds(), null, null);
        return destinations.check(request.url())
                .onFailure(WebhookDestinations.Refused.class).transform(refused -> new InvalidSubscription(
                        List.of(new FieldError("url", refused.getMessage()))))
                .chain(checked -> subscriptions.count())
                .chain(count -> {
                    if (count >= config.subscriptions().max()) {
                        return Uni.createFrom().failure(new LimitReached(config.subscriptions().max()));
                    }
                    return subscriptions.create(subscription);
                })
                .call(saved -> audit.append(AuditEntry.of(clock.instant(), actor, "create", "subscription",
                        saved.id(), "name " + saved.name() + ", url " + saved.url())))
                .map(saved -> SubscriptionView.of(saved, true));
    }

    public Uni<List<SubscriptionView>> list() {
        return subscriptions.all().map(all -> all.stream().map(s -> SubscriptionView.of(s, false)).toList());
    }

    /** Holds deliveries until {@link #resume}. */
    public Uni<SubscriptionView> pause(UUID id, String actor) {
        return found(id, subscriptions.pause(id), false).call(() -> audited(actor, "pause", id, null));
    }

    /** Sends held deliveries again; also re-enables a subscription that an endpoint's 410 disabled. */
    public Uni<SubscriptionView> resume(UUID id, String actor) {
        return found(id, subscriptions.resume(id), false).call(() -> audited(actor, "resume", id, null));
    }

    /** A new signing secret, shown once; the previous one keeps signing too for the overlap window. */
    public Uni<SubscriptionView> rotateSecret(UUID id, String actor) {
        Instant overlapEnds = clock.instant().plus(config.secretRotationOverlap());
        return found(id, subscriptions.rotate(id, WebhookSigner.newSecret(), overlapEnds), true)
                .call(() -> audited(actor, "rotate-secret", id, "previous secret signs until " + overlapEnds));
    }

    private Uni<Void> audited(String actor, String action, UUID id, String detail) {
        return audit.append(AuditEntry.of(clock.instant(), actor, action, "subscription", id, detail));
    }

    private static Uni<SubscriptionView> found(UUID id, Uni<Subscription> changed, boolean withSecret) {
        return changed.map(s -> {
            if (s == null) {
                throw new NotFoundProblem("No subscription " + id);
            }
            return SubscriptionView.of(s, withSecret);
        });
    }

    public Uni<Void> delete(UUID id, String actor) {
        return subscriptions.delete(id).map(deleted -> {
            if (!deleted) {
                throw new NotFoundProblem("No subscription " + id);
            }
            return deleted;
        }).call(() -> audited(actor, "delete", id, null)).replaceWithVoid();
    }

    private static List<FieldError> validate(NewSubscription request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null) {
            errors.add(new FieldError("$", "a subscription is required"));
            return errors;
        }
        if (request.name() == null || request.name().isBlank() || request.name().length() > 128) {
            errors.add(new FieldError("name", "is required, at most 128 characters"));
        } else if (hasControl(request.name())) {
            errors.add(new FieldError("name", "must not contain control characters"));
        }
        if (request.url() == null) {
            errors.add(new FieldError("url", "is required"));
        } else if (request.url().length() > MAX_URL || hasControl(request.url())
                || request.url().chars().anyMatch(Character::isWhitespace)) {
            errors.add(new FieldError("url", "must be at most " + MAX_URL
                    + " characters, without white space or control characters"));
        } else {
            try {
                URI uri = URI.create(request.url());
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    errors.add(new FieldError("url", "must be an absolute http or https URL"));
                }
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("url", "is not a URL: " + e.getMessage()));
            }
        }
        if (request.groupWindowSeconds() != null && (request.groupWindowSeconds() < 0 || request.groupWindowSeconds() > 300)) {
            errors.add(new FieldError("groupWindowSeconds", "must be between 0 and 300"));
        }
        codes(errors, "segments", request.segments());
        codes(errors, "causes", request.causes());
        return errors;
    }

    /** The longest subscription URL accepted. */
    static final int MAX_URL = 2048;
    /** Most segments or causes in one filter, and the longest of each (the alert table's columns). */
    static final int MAX_CODES = 100;
    static final int MAX_CODE = 64;

    private static void codes(List<FieldError> errors, String field, java.util.Collection<String> codes) {
        if (codes == null) {
            return;
        }
        if (codes.size() > MAX_CODES) {
            errors.add(new FieldError(field, "has more than " + MAX_CODES + " entries"));
            return;
        }
        for (String code : codes) {
            if (code == null || code.isBlank() || code.length() > MAX_CODE || hasControl(code)) {
                errors.add(new FieldError(field, "entries must be non-blank, at most " + MAX_CODE
                        + " characters, without control characters"));
                return;
            }
        }
    }

    private static boolean hasControl(String value) {
        return StorableText.unstorable(value, false);
    }
}
