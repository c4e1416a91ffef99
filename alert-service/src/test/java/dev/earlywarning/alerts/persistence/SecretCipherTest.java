package dev.earlywarning.alerts.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final String OLD = SecretCipher.newKey("k1");
    private static final String NEW = SecretCipher.newKey("k2");

    @Test
    void sealedSecretsOpenAndNeverShowThePlaintext() {
        SecretCipher cipher = new SecretCipher(OLD, List.of());
        String sealed = cipher.seal("whsec_abc");
        assertThat(sealed).startsWith("enc:v1:k1:").doesNotContain("whsec_abc");
        assertThat(cipher.seal("whsec_abc")).as("a fresh nonce each time").isNotEqualTo(sealed);
        assertThat(cipher.open(sealed)).isEqualTo("whsec_abc");
        assertThat(cipher.open("whsec_stored_before_encryption")).isEqualTo("whsec_stored_before_encryption");
        assertThat(cipher.current(sealed)).isTrue();
        assertThat(cipher.current("whsec_stored_before_encryption")).isFalse();
    }

    @Test
    void afterAKeyRotationThePreviousKeyStillOpensAndSealingUsesTheNewOne() {
        String sealedOld = new SecretCipher(OLD, List.of()).seal("whsec_abc");
        SecretCipher rotated = new SecretCipher(NEW, List.of(OLD));
        assertThat(rotated.open(sealedOld)).isEqualTo("whsec_abc");
        assertThat(rotated.current(sealedOld)).isFalse();
        assertThat(rotated.seal("whsec_abc")).startsWith("enc:v1:k2:");
        assertThatThrownBy(() -> new SecretCipher(NEW, List.of()).open(sealedOld))
                .hasMessageContaining("key 'k1', which is not configured");
    }

    @Test
    void aTamperedSecretDoesNotOpen() {
        SecretCipher cipher = new SecretCipher(OLD, List.of());
        String sealed = cipher.seal("whsec_abc");
        int body = sealed.lastIndexOf(':') + 1;
        byte[] bytes = java.util.Base64.getDecoder().decode(sealed.substring(body));
        bytes[bytes.length / 2] ^= 1; // one bit of the ciphertext
        String tampered = sealed.substring(0, body) + java.util.Base64.getEncoder().encodeToString(bytes);
        assertThatThrownBy(() -> cipher.open(tampered)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new SecretCipher("k:" + java.util.Base64.getEncoder().encodeToString(new byte[16]),
                List.of())).hasMessageContaining("AES-256 needs 32");
    }
}
