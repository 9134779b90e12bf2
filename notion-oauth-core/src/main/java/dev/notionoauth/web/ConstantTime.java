package dev.notionoauth.web;

import dev.notionoauth.internal.Tokens;

/**
 * Comparing secrets (CSRF tokens, session cookies) in time that does not depend on where they
 * differ, for the web modules; the one comparison behind it is {@code Tokens.constantTimeEquals}.
 */
public final class ConstantTime {
  private ConstantTime() {}

  /** Whether two secrets are equal, in constant time. */
  public static boolean equal(String a, String b) {
    return Tokens.constantTimeEquals(a, b);
  }
}
