package dev.notionoauth.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A key's secret as handed to its owner once: {@value #PREFIX} followed by 43 base64url characters
 * (256 random bits). The fixed prefix lets secret scanners find a leaked key. Only {@link #hash()}
 * is ever stored; {@link #toString()} prints {@code ***}.
 */
public final class ApiKeySecret {
  /** Every key starts with this, so a leaked one is recognisable. */
  public static final String PREFIX = "nohk_";

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int LENGTH = PREFIX.length() + 43;

  private final String value;

  private ApiKeySecret(String value) {
    this.value = value;
  }

  /** A new random secret. */
  public static ApiKeySecret generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return new ApiKeySecret(PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** Whether a presented value has the shape of a key (cheap check before hashing it). */
  static boolean wellFormed(String presented) {
    return presented.length() == LENGTH
        && presented.startsWith(PREFIX)
        && dev.notionoauth.internal.Tokens.isBase64Url(presented.substring(PREFIX.length()));
  }

  /**
   * SHA-256 of a key, what the store keeps and looks up. A fast hash is right here (unlike for
   * passwords): a key is 256 random bits, so nothing can be guessed from its hash.
   */
  static byte[] hash(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** This secret's hash. */
  public byte[] hash() {
    return hash(value);
  }

  /** The secret itself, to show its owner once. */
  public String reveal() {
    return value;
  }

  @Override
  public String toString() {
    return "***";
  }
}
