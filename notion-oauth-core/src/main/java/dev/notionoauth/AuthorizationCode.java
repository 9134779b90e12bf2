package dev.notionoauth;

/**
 * The single-use authorization code Notion puts on the callback. Prints as {@code ***}.
 *
 * @param value the secret text, exactly as Notion issued it
 */
public record AuthorizationCode(String value) {
  /** Validates the value: non-empty printable ASCII of at most 4096 characters. */
  public AuthorizationCode {
    Secrets.requireToken(value, "authorization code", 4096);
  }

  @Override
  public String toString() {
    return "AuthorizationCode[***]";
  }
}
