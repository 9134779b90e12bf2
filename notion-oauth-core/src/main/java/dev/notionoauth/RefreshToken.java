package dev.notionoauth;

/**
 * A Notion refresh token, exchanged for a new token pair. Prints as {@code ***}.
 *
 * @param value the secret text, exactly as Notion issued it
 */
public record RefreshToken(String value) {
  /** Validates the value: non-empty printable ASCII of at most 4096 characters. */
  public RefreshToken {
    Secrets.requireToken(value, "refresh token", 4096);
  }

  @Override
  public String toString() {
    return "RefreshToken[***]";
  }
}
