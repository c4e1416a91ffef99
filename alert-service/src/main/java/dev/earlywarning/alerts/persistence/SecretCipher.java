package dev.earlywarning.alerts.persistence;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signing secrets at rest: AES-256-GCM under a key from configuration, stored as
 * {@code enc:v1:<key id>:<base64 of nonce and ciphertext>}. Previous keys still open what they
 * sealed until every secret is sealed again under the current one (README, "Secrets").
 */
public final class SecretCipher {

    static final String PREFIX = "enc:v1:";
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String currentId;
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

    /**
     * @param current {@code <id>:<base64 of 32 bytes>}
     * @param previous keys in the same form that may still have sealed some secrets
     */
    public SecretCipher(String current, List<String> previous) {
        this.currentId = add(current);
        previous.forEach(this::add);
    }

    /** A new random key in the configuration's form. */
    public static String newKey(String id) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return id + ":" + Base64.getEncoder().encodeToString(key);
    }

    private String add(String spec) {
        int colon = spec == null ? -1 : spec.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("a secrets key is <id>:<base64 of 32 bytes>");
        }
        byte[] key = Base64.getDecoder().decode(spec.substring(colon + 1).trim());
        if (key.length != 32) {
            throw new IllegalArgumentException("secrets key " + spec.substring(0, colon) + " is " + key.length
                    + " bytes; AES-256 needs 32");
        }
        keys.put(spec.substring(0, colon), new SecretKeySpec(key, "AES"));
        return spec.substring(0, colon);
    }

    public String seal(String plaintext) {
        if (plaintext == null) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentId), new GCMParameterSpec(128, nonce));
            cipher.updateAAD(currentId.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return PREFIX + currentId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not seal a secret", e);
        }
    }

    /** The plaintext of a stored secret; one stored before encryption (no prefix) as it is. */
    public String open(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        int colon = stored.indexOf(':', PREFIX.length());
        String id = stored.substring(PREFIX.length(), colon);
        SecretKeySpec key = keys.get(id);
        if (key == null) {
            throw new IllegalStateException("A secret is sealed with key '" + id + "', which is not configured "
                    + "(alerts.secrets.key or alerts.secrets.previous-keys)");
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(colon + 1));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, NONCE_BYTES));
            cipher.updateAAD(id.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored secret does not open with key '" + id + "'", e);
        }
    }

    /** Whether a stored secret is sealed under the current key (else it is sealed again at start). */
    public boolean current(String stored) {
        return stored == null || stored.startsWith(PREFIX + currentId + ":");
    }

    public String currentKeyId() {
        return currentId;
    }
}
