package dev.notionoauth.spi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Ids of result pages, for {@link ResultPageStore} implementations and adapters: 256 random bits in
 * base64url (43 characters), unguessable, so the id in the URL is the only key to a page; a store
 * keeps only each id's {@link #storageKey}, so reading the database opens no page.
 */
public final class ResultPageIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Pattern WELL_FORMED = Pattern.compile("[A-Za-z0-9_-]{43}");

  private ResultPageIds() {}

  /** A new id. */
  public static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether a path segment has the shape of an id (anything else is never looked up). */
  public static boolean isWellFormed(String id) {
    return WELL_FORMED.matcher(id).matches();
  }

  /** What a store keeps instead of the id: its SHA-256, hex. */
  public static String storageKey(String id) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }
}
