package dev.notionoauth;

import dev.notionoauth.internal.Cookies;
import dev.notionoauth.internal.Tokens;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Optional;

/**
 * The value of the cookie that binds a flow to one browser: 256 random bits, base64url. One browser
 * keeps one binding for all its flows (so two tabs can install at once); each state stores the
 * binding's hash, and a callback must present the cookie whose hash matches. Prints as {@code ***}.
 *
 * <p>The cookie is {@code HttpOnly; SameSite=Lax; Path=/}. {@code Lax}, not {@code Strict}: the
 * callback is a cross-site top-level navigation from Notion, which {@code Strict} cookies miss.
 * Over HTTPS it is {@code Secure} and named with the {@code __Host-} prefix, so a sibling subdomain
 * or a plain-HTTP page cannot plant one; over plain HTTP (local development) it is named {@value
 * #PLAIN_COOKIE_NAME}.
 *
 * @param value the 43-character cookie value
 */
public record BrowserBinding(String value) {
  /** Cookie name over HTTPS. */
  public static final String SECURE_COOKIE_NAME = "__Host-noh_bind";

  /** Cookie name over plain HTTP (development only). */
  public static final String PLAIN_COOKIE_NAME = "noh_bind";

  /** Checks the exact syntax. */
  public BrowserBinding {
    if (!Tokens.isWellFormed(value)) {
      throw new IllegalArgumentException("binding must be 43 base64url characters");
    }
  }

  /** A new random binding. */
  public static BrowserBinding generate(SecureRandom random) {
    return new BrowserBinding(Tokens.random256(random));
  }

  /** The binding, if the cookie value has the exact syntax of one. */
  public static Optional<BrowserBinding> parse(String value) {
    return Tokens.isWellFormed(value) ? Optional.of(new BrowserBinding(value)) : Optional.empty();
  }

  /** The cookie name to use. */
  public static String cookieName(boolean secure) {
    return secure ? SECURE_COOKIE_NAME : PLAIN_COOKIE_NAME;
  }

  /** SHA-256 of the binding, lower-case hex: what a state stores. */
  public String hash() {
    return Tokens.sha256Hex(value);
  }

  /**
   * The {@code Set-Cookie} header value that gives the browser this binding.
   *
   * @param secure whether the public URL is HTTPS
   * @param maxAge how long the browser keeps it (at least the state time-to-live)
   */
  public String setCookieHeader(boolean secure, Duration maxAge) {
    return Cookies.setCookie(cookieName(secure), value, maxAge.toSeconds(), "Lax", secure);
  }

  @Override
  public String toString() {
    return "BrowserBinding[***]";
  }
}
