package dev.notionoauth.appevent;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs app events the Standard Webhooks way (standardwebhooks.com), which libraries in every
 * language verify: {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">} keyed
 * by the bytes of a {@code whsec_<base64>} secret. Hand-written (ten lines over {@link Mac}): the
 * Java library of the spec brings nothing more. Prints {@code ***}.
 */
public final class StandardWebhooksSigner {
  /** Every secret starts with this. */
  public static final String PREFIX = "whsec_";

  private final byte[] key;

  private StandardWebhooksSigner(byte[] key) {
    this.key = key;
  }

  /**
   * A signer for a {@code whsec_…} secret (at least 24 bytes after base64 decoding).
   *
   * @throws IllegalArgumentException when it is not one
   */
  public static StandardWebhooksSigner of(String secret) {
    if (!secret.startsWith(PREFIX)) {
      throw new IllegalArgumentException("must start with " + PREFIX);
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(secret.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("must be " + PREFIX + " followed by base64");
    }
    if (key.length < 24) {
      throw new IllegalArgumentException("must hold at least 24 random bytes");
    }
    return new StandardWebhooksSigner(key);
  }

  /** A new random secret (32 bytes), to configure here and in the app. */
  public static String generateSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return PREFIX + Base64.getEncoder().encodeToString(bytes);
  }

  /** The {@code webhook-signature} value for one delivery. */
  public String sign(String id, long timestampSeconds, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] sig =
          mac.doFinal((id + "." + timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
      return "v1," + Base64.getEncoder().encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "***";
  }
}
