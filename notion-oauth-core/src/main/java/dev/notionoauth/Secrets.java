package dev.notionoauth;

/** Checks shared by the secret-holding value types. */
final class Secrets {
  private Secrets() {}

  /**
   * Whether two secret values are the same, in time that does not depend on where they differ
   * (catalogue X3; {@code SecretComparisonTest} forbids {@code equals} on secret types).
   */
  static boolean sameValue(String a, String b) {
    return java.security.MessageDigest.isEqual(
        a.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        b.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
  }

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
