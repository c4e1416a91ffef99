package dev.earlywarning.alerts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WebhookSignerTest {

    @Test
    void matchesTheStandardWebhooksReferenceSignature() {
        // The example of the Standard Webhooks specification.
        String signature = WebhookSigner.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                1614265330L, "{\"test\": 2432232314}");
        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void newSecretsAreRandomAndPrefixed() {
        String a = WebhookSigner.newSecret();
        assertThat(a).startsWith("whsec_").hasSize(6 + 44);
        assertThat(a).isNotEqualTo(WebhookSigner.newSecret());
    }
}
