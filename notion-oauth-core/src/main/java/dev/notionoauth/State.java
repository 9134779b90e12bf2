package dev.notionoauth;

import dev.notionoauth.internal.Tokens;
import java.security.SecureRandom;
import java.util.Optional;

/**
 * The OAuth {@code state}: 256 random bits, base64url without padding (exactly 43 characters). Only
 * its SHA-256 hash is ever stored. Prints as {@code ***}.
 *
 * <p>See RFC 6749 §10.12 and RFC 9700 §4.7 for why it must be unguessable, single-use and bound to
 * the browser; {@link NotionOAuthFlow} does all three.
 *
 * @param value the 43-character state
 */
public record State(String value) {
  /** Checks the exact syntax. */
  public State {
    if (!Tokens.isWellFormed(value)) {
      throw new IllegalArgumentException("state must be 43 base64url characters");
    }
  }

  /** A new random state. */
  public static State generate(SecureRandom random) {
    return new State(Tokens.random256(random));
  }

  /** The state, if the text has the exact syntax of one. */
  public static Optional<State> parse(String value) {
    return Tokens.isWellFormed(value) ? Optional.of(new State(value)) : Optional.empty();
  }

  /** SHA-256 of the state, lower-case hex: the key under which it is stored. */
  public String hash() {
    return Tokens.sha256Hex(value);
  }

  @Override
  public String toString() {
    return "State[***]";
  }
}
