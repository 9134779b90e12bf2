package dev.notionoauth;

import dev.notionoauth.internal.Tokens;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The AES-256 keys that seal states ({@link NotionOAuthFlow.Builder#stateKeys}): the first seals,
 * every one opens (so a state sealed just before a key rotation still completes). They must be keys
 * only the integration's own servers hold — never derived from the client secret, which Notion and
 * anyone with the integration's settings also hold (review 2026-12b, M1). Prints as {@code ***}.
 *
 * <p>The standalone server and the Spring Boot starter derive them from the store's encryption keys
 * (which every instance shares) with {@link #derivedFrom}; without a store key they use {@link
 * #random()}, which is right for one process with an in-memory state store.
 */
public final class StateKeys {
  private static final byte[] SALT = "notion-oauth-handler".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PURPOSE = "state seal v2".getBytes(StandardCharsets.US_ASCII);

  private final List<byte[]> keys;

  private StateKeys(List<byte[]> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one state key is needed");
    }
    List<byte[]> copies = new ArrayList<>();
    for (byte[] k : keys) {
      if (k.length != 32) {
        throw new IllegalArgumentException("a state key must be 32 bytes");
      }
      copies.add(k.clone());
    }
    this.keys = List.copyOf(copies);
  }

  /**
   * Keys derived from server-side secrets (e.g. the store's encryption keys, current first) and the
   * client id, with HKDF-SHA256 (RFC 5869; written out here because Java 17 has no KDF API): salt
   * {@code notion-oauth-handler}, info {@code state seal v2}, a zero byte and the client id.
   *
   * @param serverSecrets at least one secret of at least 32 bytes; the first one's key seals
   * @param clientId the integration, so one secret never seals two integrations' states alike
   */
  public static StateKeys derivedFrom(List<byte[]> serverSecrets, ClientId clientId) {
    byte[] id = clientId.value().getBytes(StandardCharsets.UTF_8);
    byte[] info =
        ByteBuffer.allocate(PURPOSE.length + 1 + id.length)
            .put(PURPOSE)
            .put((byte) 0)
            .put(id)
            .array();
    List<byte[]> derived = new ArrayList<>();
    for (byte[] secret : serverSecrets) {
      if (secret.length < 32) {
        throw new IllegalArgumentException("a server secret must be at least 32 bytes");
      }
      derived.add(hkdfSha256(secret, info));
    }
    return new StateKeys(derived);
  }

  /** One random key: states open only in this process (one instance, in-memory state store). */
  public static StateKeys random() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return new StateKeys(List.of(key));
  }

  /** Exactly these 32-byte keys; the first seals. */
  public static StateKeys of(List<byte[]> keys) {
    return new StateKeys(keys);
  }

  /** The keys, the sealing one first (copies). */
  List<byte[]> keys() {
    List<byte[]> out = new ArrayList<>();
    keys.forEach(k -> out.add(k.clone()));
    return out;
  }

  /** HKDF-SHA256 extract then expand to one 32-byte block (RFC 5869 §2.2, §2.3 with L = 32). */
  private static byte[] hkdfSha256(byte[] ikm, byte[] info) {
    byte[] prk = Tokens.hmacSha256(Tokens.hmacKey(SALT), ikm);
    byte[] block = ByteBuffer.allocate(info.length + 1).put(info).put((byte) 1).array();
    return Tokens.hmacSha256(Tokens.hmacKey(prk), block);
  }

  @Override
  public String toString() {
    return "StateKeys[***]";
  }
}
