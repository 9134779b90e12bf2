package dev.notionoauth;

/**
 * The OAuth client secret of a Notion public integration. Prints as {@code ***}.
 *
 * @param value the secret text, exactly as Notion issued it
 */
public record ClientSecret(String value) {
  /** Validates the value: non-empty printable ASCII of at most 4096 characters. */
  public ClientSecret {
    Secrets.requireToken(value, "client secret", 4096);
  }

  @Override
  public String toString() {
    return "ClientSecret[***]";
  }
}
