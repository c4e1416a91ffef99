-- Signing secrets are stored sealed (SecretCipher: enc:v1:<key id>:<base64 of nonce, ciphertext and
-- tag>), longer than the 128 characters a clear secret needed.
ALTER TABLE subscription ALTER COLUMN secret TYPE text;
ALTER TABLE subscription ALTER COLUMN previous_secret TYPE text;
