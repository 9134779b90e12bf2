package dev.notionoauth.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random tokens and their hashes. */
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
    if (value.length() != LENGTH) {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
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
    // the last character of 32 bytes encodes only 4 bits; reject non-canonical encodings
    return "AEIMQUYcgkosw048".indexOf(value.charAt(LENGTH - 1)) >= 0;
  }

  /** SHA-256 of the UTF-8 text, lower-case hex (64 characters). */
  public static String sha256Hex(String value) {
    return HexFormatter.hex(sha256(value.getBytes(StandardCharsets.UTF_8)));
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
    return HexFormatter.hex(bytes);
  }

  /** Constant-time comparison of two hex digests of equal length. */
  public static boolean digestsEqual(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }

  private static final class HexFormatter {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    static String hex(byte[] bytes) {
      char[] out = new char[bytes.length * 2];
      for (int i = 0; i < bytes.length; i++) {
        out[2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
        out[2 * i + 1] = DIGITS[bytes[i] & 0xf];
      }
      return new String(out);
    }
  }
}
