package dev.notionoauth.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Random tokens, their hashes, HMACs, and the constant-time comparison of secrets. */
public final class Tokens {
  /** Length of a base64url (unpadded) encoding of 32 bytes. */
  public static final int LENGTH = 43;

  private Tokens() {}

  /** 256 random bits, base64url without padding (43 characters). */
  public static String random256(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether the text has exactly the shape {@link #random256} produces. */
  public static boolean isWellFormed(String value) {
    if (value.length() != LENGTH || !isBase64Url(value)) {
      return false;
    }
    // the last character of 32 bytes encodes only 4 bits; reject non-canonical encodings
    return "AEIMQUYcgkosw048".indexOf(value.charAt(LENGTH - 1)) >= 0;
  }

  /** Whether every character is of the base64url alphabet (no padding). */
  public static boolean isBase64Url(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean ok =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '_';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** SHA-256 of the UTF-8 text, lower-case hex (64 characters). */
  public static String sha256Hex(String value) {
    return hex(sha256(value.getBytes(StandardCharsets.UTF_8)));
  }

  /** SHA-256 of bytes. */
  public static byte[] sha256(byte[] value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  /** Lower-case hex of the bytes. */
  public static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  /**
   * Whether two ASCII secrets (tokens, digests, signatures) are equal, in time that depends only on
   * their length, never on where they differ: the one comparison of secrets in the code base
   * (catalogue X3; {@code SecretComparisonTest} forbids {@code equals} on secret types).
   */
  public static boolean constantTimeEquals(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }

  /** Compares two ASCII secrets in time independent of where they differ. */
  public static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * One AES-GCM {@link Cipher} per thread, made once: {@code Cipher.getInstance} per seal showed in
   * the profile, and re-initialising a cipher with the key it already holds skips the key schedule.
   */
  private static final ThreadLocal<Cipher> GCM =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("AES-GCM is unavailable", e);
            }
          });

  /**
   * This thread's {@code AES/GCM/NoPadding} cipher, for core's state seal: {@code init} it before
   * each use.
   */
  public static Cipher aesGcm() {
    return GCM.get();
  }

  /** An HMAC-SHA256 key over the given bytes. */
  public static SecretKeySpec hmacKey(byte[] secret) {
    return new SecretKeySpec(secret, "HmacSHA256");
  }

  /** HMAC-SHA256 of {@code data} under {@code key}. */
  public static byte[] hmacSha256(SecretKeySpec key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal(data);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
