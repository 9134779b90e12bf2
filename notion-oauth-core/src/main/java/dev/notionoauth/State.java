package dev.notionoauth;

import dev.notionoauth.internal.Tokens;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The OAuth {@code state}, base64url without padding, in one of two shapes. Prints as {@code ***}.
 *
 * <ul>
 *   <li><b>Sealed</b> ({@value #MIN_SEALED_LENGTH}–{@value #MAX_LENGTH} characters), what {@link
 *       NotionOAuthFlow} issues when it has {@link StateKeys}: its expiry, browser-binding hash and
 *       context, encrypted and authenticated (AES-256-GCM) under keys derived from a secret only
 *       the integration's servers hold (the store's encryption key in the server and the starter;
 *       never the client secret, which Notion holds too), so starting a flow writes nothing; only
 *       its SHA-256 hash is recorded, when a callback uses it.
 *   <li><b>Stored</b> (exactly 43 characters): 256 random bits whose SHA-256 hash is stored with
 *       the flow's record when it starts (a context too large to seal, or sealing turned off).
 * </ul>
 *
 * <p>See RFC 6749 §10.12 and RFC 9700 §4.7 for why it must be unguessable, single-use and bound to
 * the browser; {@link NotionOAuthFlow} does all three for both shapes.
 *
 * @param value the state
 */
public record State(String value) {
  /** Longest state: sealed states stay well inside URL limits. */
  public static final int MAX_LENGTH = 512;

  /** Shortest sealed state (an empty context). */
  public static final int MIN_SEALED_LENGTH = 100;

  /** Checks the exact syntax. */
  public State {
    if (!isWellFormed(value)) {
      throw new IllegalArgumentException(
          "state must be 43, or "
              + MIN_SEALED_LENGTH
              + "-"
              + MAX_LENGTH
              + ", base64url characters");
    }
  }

  /** A new random state (the stored shape). */
  public static State generate(SecureRandom random) {
    return new State(Tokens.random256(random));
  }

  /** The state, if the text has the exact syntax of one. */
  public static Optional<State> parse(String value) {
    return isWellFormed(value) ? Optional.of(new State(value)) : Optional.empty();
  }

  /** Whether this is a sealed state (it carries its own record) rather than a stored one. */
  public boolean isSealed() {
    return value.length() != Tokens.LENGTH;
  }

  /** SHA-256 of the state, lower-case hex: the key under which it is stored or recorded used. */
  public String hash() {
    return Tokens.sha256Hex(value);
  }

  private static boolean isWellFormed(String value) {
    int n = value.length();
    if (n == Tokens.LENGTH) {
      return Tokens.isWellFormed(value);
    }
    return n >= MIN_SEALED_LENGTH && n <= MAX_LENGTH && Tokens.isBase64Url(value);
  }

  @Override
  public String toString() {
    return "State[***]";
  }
}
