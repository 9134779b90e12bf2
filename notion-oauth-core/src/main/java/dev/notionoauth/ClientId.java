package dev.notionoauth;

/**
 * The OAuth client id of a Notion public integration (shown on its Configuration tab). Not a
 * secret: it appears in the authorize URL.
 *
 * @param value the client id, usually a UUID
 */
public record ClientId(String value) {
  /** Validates the value: non-empty printable ASCII without spaces. */
  public ClientId {
    Secrets.requireToken(value, "client id", 256);
    if (value.indexOf(' ') >= 0 || value.indexOf(':') >= 0) {
      throw new IllegalArgumentException("client id must not contain spaces or ':'");
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
