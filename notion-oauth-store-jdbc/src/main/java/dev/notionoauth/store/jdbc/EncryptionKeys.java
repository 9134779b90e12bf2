package dev.notionoauth.store.jdbc;

import dev.notionoauth.ClientId;
import dev.notionoauth.NotionConfigException;
import dev.notionoauth.StateKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys that seal stored tokens: the current one (for writing and reading) and previous
 * ones (for reading rows not yet rotated). Each key is named by an id derived from it (8 hex
 * characters of a hash), stored next to each row, so rotation needs no bookkeeping. Keys come from
 * configuration (an environment variable or a file), never from the database. Prints only key ids.
 */
public final class EncryptionKeys {
  private final String currentId;
  private final Map<String, SecretKey> keys;

  private EncryptionKeys(String currentId, Map<String, SecretKey> keys) {
    this.currentId = currentId;
    this.keys = keys;
  }

  /**
   * Keys from raw bytes.
   *
   * @param current the key new writes use: 32 bytes
   * @param previous older keys still needed to read
   */
  public static EncryptionKeys of(byte[] current, List<byte[]> previous) {
    Map<String, SecretKey> keys = new LinkedHashMap<>();
    String currentId = add(keys, current);
    for (byte[] p : previous) {
      add(keys, p);
    }
    return new EncryptionKeys(currentId, keys);
  }

  /**
   * Keys from base64 text, as configured ({@code store.encryption-key}, {@code
   * store.previous-encryption-keys}).
   *
   * @throws NotionConfigException when a key is not base64 of exactly 32 bytes
   */
  public static EncryptionKeys fromBase64(String current, List<String> previous) {
    List<byte[]> old = new ArrayList<>();
    for (String p : previous) {
      old.add(decode(p));
    }
    return of(decode(current), old);
  }

  /** A new random key, base64 (for {@code demo}, and for operators generating one). */
  public static String generateBase64() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }

  /** Decodes a base64 key of exactly 32 bytes. */
  public static byte[] decode(String base64) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.strip());
    } catch (IllegalArgumentException e) {
      throw new NotionConfigException("an encryption key is not valid base64");
    }
    if (key.length != 32) {
      throw new NotionConfigException(
          "an encryption key must be 32 bytes (base64 of 32 random bytes), not " + key.length);
    }
    return key;
  }

  /** The id of the key new writes use. */
  public String currentId() {
    return currentId;
  }

  /**
   * The keys that seal OAuth states, derived from these keys (current first) and the client id:
   * every instance sharing the store seals and opens states alike, and nobody without the store's
   * key can (review 2026-12b, M1). A state sealed just before a rotation still opens while its old
   * key is a previous key.
   */
  public StateKeys stateKeys(ClientId clientId) {
    List<byte[]> secrets = new ArrayList<>();
    keys.values().forEach(k -> secrets.add(k.getEncoded()));
    return StateKeys.derivedFrom(secrets, clientId);
  }

  /** The current key. */
  SecretKey current() {
    return java.util.Objects.requireNonNull(keys.get(currentId));
  }

  /** A key by id, if configured. */
  Optional<SecretKey> byId(String id) {
    return Optional.ofNullable(keys.get(id));
  }

  private static String add(Map<String, SecretKey> keys, byte[] key) {
    if (key.length != 32) {
      throw new NotionConfigException("an encryption key must be 32 bytes");
    }
    String id = idOf(key);
    keys.putIfAbsent(id, new SecretKeySpec(key.clone(), "AES"));
    return id;
  }

  static String idOf(byte[] key) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update("notion-oauth-handler key id\0".getBytes(StandardCharsets.US_ASCII));
      return HexFormat.of().formatHex(sha.digest(key), 0, 4);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing", e);
    }
  }

  @Override
  public String toString() {
    return "EncryptionKeys[current=" + currentId + ", ids=" + keys.keySet() + "]";
  }
}
