package dev.notionoauth.store.jdbc.internal;

import dev.notionoauth.store.jdbc.TokenDecryptionException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals one token with AES-256-GCM: a fresh 96-bit nonce each time, and associated data naming the
 * row (bot id) and column, so a ciphertext copied to another row or column does not open. Form:
 * {@code v1.<key id>.<base64url(nonce ‖ ciphertext ‖ tag)>}.
 */
public final class TokenCipher {
  private static final String PREFIX = "v1.";
  private final SecureRandom random = new SecureRandom();
  private final String currentId;
  private final SecretKey current;
  private final Function<String, Optional<SecretKey>> byId;

  /**
   * One AES-GCM {@link Cipher} per thread, made once: {@code Cipher.getInstance} per seal showed in
   * the profile, and re-initialising a cipher with the key it already holds skips the key schedule.
   * (Core's state seal keeps its own: core's {@code internal} package is not for other modules.)
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
   * The cipher a store was given, or the error every host reports the same way when it was given
   * none: tokens can be neither sealed nor opened without a key.
   *
   * @throws dev.notionoauth.NotionConfigException if {@code cipher} is null
   */
  public static TokenCipher require(@org.jspecify.annotations.Nullable TokenCipher cipher) {
    if (cipher == null) {
      throw new dev.notionoauth.NotionConfigException(
          "no encryption key is configured for the token store: tokens can be neither sealed nor"
              + " opened");
    }
    return cipher;
  }

  /**
   * Creates the cipher.
   *
   * @param currentId the id of the key for new seals
   * @param current that key
   * @param byId finds a key by id for opening
   */
  public TokenCipher(
      String currentId, SecretKey current, Function<String, Optional<SecretKey>> byId) {
    this.currentId = currentId;
    this.current = current;
    this.byId = byId;
  }

  /** The id of the key new seals use. */
  public String currentId() {
    return currentId;
  }

  /** Seals a token for a row and column. */
  public String seal(String plaintext, String botId, String column) {
    byte[] nonce = new byte[12];
    random.nextBytes(nonce);
    try {
      Cipher c = GCM.get();
      c.init(Cipher.ENCRYPT_MODE, current, new GCMParameterSpec(128, nonce));
      c.updateAAD(aad(botId, column));
      byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      ByteBuffer out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed);
      return PREFIX
          + currentId
          + "."
          + Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }

  /**
   * Opens a sealed token of a row and column.
   *
   * @throws TokenDecryptionException if the key is unknown or the value was altered or moved
   */
  public String open(String sealed, String botId, String column) {
    String[] parts = sealed.split("\\.", 3);
    if (parts.length != 3 || !parts[0].equals("v1")) {
      throw new TokenDecryptionException(
          "stored " + column + " of bot_id=" + botId + " is not a sealed value");
    }
    SecretKey key =
        byId.apply(parts[1])
            .orElseThrow(
                () ->
                    new TokenDecryptionException(
                        "stored "
                            + column
                            + " of bot_id="
                            + botId
                            + " was sealed with key id "
                            + parts[1]
                            + ", which is not configured (add it to"
                            + " store.previous-encryption-keys)"));
    try {
      byte[] raw = Base64.getUrlDecoder().decode(parts[2]);
      if (raw.length < 12 + 16) {
        throw new AEADBadTagException();
      }
      Cipher c = GCM.get();
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, raw, 0, 12));
      c.updateAAD(aad(botId, column));
      return new String(c.doFinal(raw, 12, raw.length - 12), StandardCharsets.UTF_8);
    } catch (AEADBadTagException | IllegalArgumentException e) {
      throw new TokenDecryptionException(
          "stored " + column + " of bot_id=" + botId + " failed its integrity check");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
  }

  private static byte[] aad(String botId, String column) {
    return ("notion-oauth-handler/v1|" + botId + "|" + column).getBytes(StandardCharsets.UTF_8);
  }
}
