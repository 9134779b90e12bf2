package dev.notionoauth;

import dev.notionoauth.internal.Tokens;

/**
 * A Notion access token (a bearer credential for Notion's API). Prints as {@code ***}.
 *
 * @param value the secret text, exactly as Notion issued it
 */
public record AccessToken(String value) {
  /** Validates the value: non-empty printable ASCII of at most 4096 characters. */
  public AccessToken {
    Secrets.requireToken(value, "access token", 4096);
  }

  /** Whether this is the same token as {@code other}, compared in constant time. */
  public boolean sameAs(AccessToken other) {
    return Tokens.constantTimeEquals(value, other.value);
  }

  @Override
  public String toString() {
    return "AccessToken[***]";
  }
}
