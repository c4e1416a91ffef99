package dev.earlywarning.platform.test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.earlywarning.platform.WebhookReceiver;

/**
 * A webhook receiver for one test class: started before its tests, closed after them. Register it
 * as a static field ({@code @RegisterExtension}); it answers like the receiver itself.
 */
public final class WebhookReceiverExtension implements BeforeAllCallback, AfterAllCallback {

    private WebhookReceiver receiver;

    @Override
    public void beforeAll(ExtensionContext context) {
        receiver = WebhookReceiver.start(0);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        receiver.close();
    }

    public String url(String path) {
        return receiver.url(path);
    }

    public void answerNext(String path, int... statuses) {
        receiver.answerNext(path, statuses);
    }

    public void answerNextWithRetryAfter(String path, int status, int retryAfterSeconds) {
        receiver.answerNextWithRetryAfter(path, status, retryAfterSeconds);
    }

    public List<Long> attemptTimes(String path, String webhookId) {
        return receiver.attemptTimes(path, webhookId);
    }

    public List<WebhookReceiver.Received> received() {
        return receiver.received();
    }

    public Optional<WebhookReceiver.Received> await(Predicate<WebhookReceiver.Received> match, Duration timeout) {
        return receiver.await(match, timeout);
    }
}
