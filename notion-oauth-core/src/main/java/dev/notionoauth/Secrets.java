package dev.notionoauth;

/** Checks shared by the secret-holding value types. */
final class Secrets {
  private Secrets() {}

  /**
   * Rejects null, empty and over-long values and anything outside printable ASCII (RFC 6749
   * VSCHAR), without ever putting the value into the exception message.
   */
  static String requireToken(String value, String what, int maxLength) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    if (value.length() > maxLength) {
      throw new IllegalArgumentException(what + " is longer than " + maxLength + " characters");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new IllegalArgumentException(what + " contains a character outside printable ASCII");
      }
    }
    return value;
  }
}
