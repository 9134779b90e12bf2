package dev.notionoauth.internal;

/**
 * The one shape of the cookies we set: host-wide path, {@code HttpOnly}, {@code Secure} on HTTPS.
 */
public final class Cookies {
  private Cookies() {}

  /**
   * A {@code Set-Cookie} header value.
   *
   * @param name the cookie name (with the {@code __Host-} prefix on HTTPS)
   * @param value the value, already in cookie-safe characters
   * @param maxAgeSeconds its lifetime; 0 removes it
   * @param sameSite {@code Lax} or {@code Strict}
   * @param secure whether the public URL is HTTPS
   */
  public static String setCookie(
      String name, String value, long maxAgeSeconds, String sameSite, boolean secure) {
    return name
        + "="
        + value
        + "; Path=/; Max-Age="
        + maxAgeSeconds
        + "; HttpOnly; SameSite="
        + sameSite
        + (secure ? "; Secure" : "");
  }
}
