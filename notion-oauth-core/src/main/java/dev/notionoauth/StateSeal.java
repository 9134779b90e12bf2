package dev.notionoauth;

import dev.notionoauth.internal.Tokens;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Seals a flow's record into its state, and opens it at the callback, so that starting a flow
 * writes nothing anywhere. A sealed state is base64url of:
 *
 * <pre>
 *   version (1 byte, 2) | IV (12 random bytes) | AES-256-GCM( created ms (8) | expires ms (8) |
 *   binding hash (32) | context ) | tag (16)
 * </pre>
 *
 * with the version and the client id as associated data. The tag makes it unforgeable and
 * tamper-evident without the key; the random IV makes every state distinct (and unguessable, since
 * a guess must also carry a valid tag). Single use is not the seal's job: the flow records the
 * state's hash as used at the callback ({@link dev.notionoauth.spi.StateStore#recordUse}).
 *
 * <p>Hand-written rather than a JWT/JWE library: the format is private to this code (the state goes
 * to Notion and back, nobody else reads it), fixed, one algorithm with no header to negotiate, and
 * about a hundred lines over the JDK's cipher.
 *
 * <p>The keys ({@link StateKeys}) are ones only the integration's servers hold: the server and the
 * starter derive them from the store's encryption keys, which every instance shares, so a state
 * sealed by one opens on any. Version 1 states were sealed under a key derived from the client
 * secret, which Notion also holds (review 2026-12b, M1): they are refused as unknown.
 */
final class StateSeal {
  /** Largest encoded context sealed; a larger one makes the flow store its state instead. */
  static final int MAX_CONTEXT_BYTES = 300;

  private static final byte VERSION = 2;
  private static final int IV = 12;
  private static final int TAG = 16;
  private static final int FIXED_PLAINTEXT = 8 + 8 + 32;

  /** The sealing key first, then the others that still open. */
  private final List<SecretKeySpec> keys;

  private final byte[] aad;

  private StateSeal(StateKeys keys, ClientId clientId) {
    List<SecretKeySpec> specs = new ArrayList<>();
    keys.keys().forEach(k -> specs.add(new SecretKeySpec(k, "AES")));
    this.keys = List.copyOf(specs);
    byte[] id = clientId.value().getBytes(StandardCharsets.UTF_8);
    this.aad = ByteBuffer.allocate(1 + id.length).put(VERSION).put(id).array();
  }

  /** A seal under these keys for one integration. */
  static StateSeal with(StateKeys keys, ClientId clientId) {
    return new StateSeal(keys, clientId);
  }

  /**
   * Seals a record, unless its context is too large for a state of at most {@link State#MAX_LENGTH}
   * characters.
   */
  Optional<State> seal(
      String bindingHashHex,
      FlowContext context,
      Instant createdAt,
      Instant expiresAt,
      SecureRandom random) {
    Optional<byte[]> encoded = encode(context);
    if (encoded.isEmpty()) {
      return Optional.empty();
    }
    byte[] ctx = encoded.get();
    byte[] plain =
        ByteBuffer.allocate(FIXED_PLAINTEXT + ctx.length)
            .putLong(createdAt.toEpochMilli())
            .putLong(expiresAt.toEpochMilli())
            .put(HexFormat.of().parseHex(bindingHashHex))
            .put(ctx)
            .array();
    byte[] out = new byte[1 + IV + plain.length + TAG];
    out[0] = VERSION;
    byte[] iv = new byte[IV];
    random.nextBytes(iv);
    System.arraycopy(iv, 0, out, 1, IV);
    try {
      Cipher c = Tokens.aesGcm();
      c.init(Cipher.ENCRYPT_MODE, keys.get(0), new GCMParameterSpec(TAG * 8, iv));
      c.updateAAD(aad);
      c.doFinal(plain, 0, plain.length, out, 1 + IV);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    }
    return Optional.of(new State(Base64.getUrlEncoder().withoutPadding().encodeToString(out)));
  }

  /**
   * Opens a sealed state: its record (pending, keyed by the state's hash), or empty when it was not
   * sealed by this key for this client, or was altered in any way.
   */
  Optional<StoredState> open(State state) {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(state.value());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    // one spelling per state: another spelling of the same bytes (the spare bits of the last
    // character) would hash differently and be recorded used separately
    if (!Base64.getUrlEncoder().withoutPadding().encodeToString(raw).equals(state.value())) {
      return Optional.empty();
    }
    if (raw.length < 1 + IV + FIXED_PLAINTEXT + 1 + TAG || raw[0] != VERSION) {
      return Optional.empty();
    }
    byte[] plain = null;
    for (SecretKeySpec key : keys) {
      plain = decrypt(key, raw);
      if (plain != null) {
        break;
      }
    }
    if (plain == null) {
      return Optional.empty();
    }
    ByteBuffer in = ByteBuffer.wrap(plain);
    Instant created = Instant.ofEpochMilli(in.getLong());
    Instant expires = Instant.ofEpochMilli(in.getLong());
    byte[] binding = new byte[32];
    in.get(binding);
    // authenticated, so written by us: a context that does not decode is a bug, not an attack
    FlowContext context = decode(in);
    return Optional.of(
        new StoredState(state.hash(), Tokens.hex(binding), context, created, expires, null));
  }

  /** The plaintext under one key, or null when its tag does not match (another key, or altered). */
  private byte @Nullable [] decrypt(SecretKeySpec key, byte[] raw) {
    try {
      Cipher c = Tokens.aesGcm();
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG * 8, raw, 1, IV));
      c.updateAAD(aad);
      return c.doFinal(raw, 1 + IV, raw.length - 1 - IV);
    } catch (AEADBadTagException e) {
      return null;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    }
  }

  /**
   * Entry count (1 byte), then per entry: key length (1) and key, value length (2) and value; empty
   * when that is more than {@link #MAX_CONTEXT_BYTES}.
   */
  private static Optional<byte[]> encode(FlowContext context) {
    List<byte[]> parts = new ArrayList<>();
    int size = 1;
    for (Map.Entry<String, String> e : context.values().entrySet()) {
      byte[] k = utf8(e.getKey());
      byte[] v = utf8(e.getValue());
      parts.add(k);
      parts.add(v);
      size += 1 + k.length + 2 + v.length;
    }
    if (size > MAX_CONTEXT_BYTES) {
      return Optional.empty();
    }
    ByteBuffer out = ByteBuffer.allocate(size).put((byte) context.values().size());
    for (int i = 0; i < parts.size(); i += 2) {
      byte[] k = parts.get(i);
      byte[] v = parts.get(i + 1);
      out.put((byte) k.length).put(k).putShort((short) v.length).put(v);
    }
    return Optional.of(out.array());
  }

  private static FlowContext decode(ByteBuffer in) {
    int n = in.get() & 0xff;
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      byte[] k = new byte[in.get() & 0xff];
      in.get(k);
      byte[] v = new byte[in.getShort() & 0xffff];
      in.get(v);
      values.put(new String(k, StandardCharsets.UTF_8), new String(v, StandardCharsets.UTF_8));
    }
    return values.isEmpty() ? FlowContext.empty() : new FlowContext(values);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
