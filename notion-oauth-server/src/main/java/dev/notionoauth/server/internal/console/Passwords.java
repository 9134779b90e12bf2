package dev.notionoauth.server.internal.console;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * Operators' passwords: bcrypt at cost 12 (Spring Security's {@code BCrypt}, a hash JVM teams
 * already trust; the class alone, without Spring's runtime). Only the hash is stored. A password is
 * 12 to 72 bytes of UTF-8 (bcrypt reads no further than 72, so a longer one is refused rather than
 * silently cut).
 */
public final class Passwords {
  private static final int COST = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Compared against when the name is unknown, so both cases cost the same time. */
  private static final String DECOY =
      BCrypt.hashpw("decoy-password-never-used", BCrypt.gensalt(COST));

  private Passwords() {}

  /** Whether a name is an operator's name: letters, digits, {@code . _ @ -}, 1 to 64. */
  public static boolean validName(String name) {
    return name.matches("[A-Za-z0-9._@-]{1,64}");
  }

  /** Why a password cannot be used, or null when it can. */
  public static @Nullable String problem(char[] password) {
    int bytes = utf8(password).length;
    if (bytes < 12) {
      return "a password needs at least 12 characters";
    }
    if (bytes > 72) {
      return "a password is at most 72 bytes (bcrypt reads no further)";
    }
    return null;
  }

  /** The bcrypt hash of a password. */
  public static String hash(char[] password) {
    byte[] raw = utf8(password);
    try {
      return BCrypt.hashpw(raw, BCrypt.gensalt(COST, RANDOM));
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** Whether a password matches a stored hash (or, with none, spends the same time and fails). */
  public static boolean matches(char[] password, @Nullable String storedHash) {
    byte[] raw = utf8(password);
    try {
      String against = storedHash != null && storedHash.startsWith("$2") ? storedHash : DECOY;
      boolean known = against != DECOY;
      boolean ok = BCrypt.checkpw(raw, against);
      return known && ok;
    } catch (IllegalArgumentException malformed) {
      return false;
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private static byte[] utf8(char[] password) {
    ByteBuffer b = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
