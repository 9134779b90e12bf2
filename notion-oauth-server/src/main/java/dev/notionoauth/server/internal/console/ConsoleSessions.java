package dev.notionoauth.server.internal.console;

import dev.notionoauth.Ticker;
import dev.notionoauth.store.jdbc.JdbcOperators;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The console's sign-in and sessions. A session is 256 random bits in an HttpOnly, SameSite=Strict
 * cookie ({@code __Host-noh_console}, Secure, over HTTPS; {@code noh_console} scoped to the console
 * over plain HTTP on loopback), stored only as its SHA-256 with the operator, a CSRF token and its
 * times; it ends after {@code idle} without use, {@code max} after sign-in, or at sign-out. The
 * sign-in form has its own CSRF token (a cookie matched by the form). Failed sign-ins are limited
 * per client address and per name. Every state-changing request must carry its CSRF token and an
 * {@code Origin} equal to the console's own.
 */
final class ConsoleSessions {
  static final String COOKIE = "noh_console";
  static final String SIGN_IN_COOKIE = "noh_console_signin";
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final JdbcOperators operators;
  private final Clock clock;
  private final Ticker ticker;
  private final Duration idle;
  private final Duration max;
  private final String path;
  private final java.util.Map<String, long[]> attempts = new java.util.HashMap<>();

  /** A signed-in operator's request. */
  record Signed(String operator, String csrf) {}

  ConsoleSessions(
      JdbcOperators operators,
      Clock clock,
      Ticker ticker,
      Duration idle,
      Duration max,
      String path) {
    this.operators = operators;
    this.clock = clock;
    this.ticker = ticker;
    this.idle = idle;
    this.max = max;
    this.path = path;
  }

  static String random() {
    byte[] b = new byte[32];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static String hash(String cookie) {
    try {
      return HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(cookie.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean same(String a, String b) {
    return dev.notionoauth.web.ConstantTime.equal(a, b);
  }

  private static String name(HttpServletRequest request, String base) {
    return request.isSecure() ? "__Host-" + base : base;
  }

  private static @Nullable String cookie(HttpServletRequest request, String name) {
    Cookie[] all = request.getCookies();
    if (all == null) {
      return null;
    }
    for (Cookie c : all) {
      if (c.getName().equals(name)) {
        return c.getValue();
      }
    }
    return null;
  }

  private void setCookie(
      HttpServletRequest request,
      HttpServletResponse response,
      String base,
      String value,
      long maxAge) {
    StringBuilder c = new StringBuilder(name(request, base)).append('=').append(value);
    c.append("; Path=").append(request.isSecure() ? "/" : path);
    c.append("; HttpOnly; SameSite=Strict");
    if (request.isSecure()) {
      c.append("; Secure");
    }
    if (maxAge >= 0) {
      c.append("; Max-Age=").append(maxAge);
    }
    response.addHeader("Set-Cookie", c.toString());
  }

  /** The signed-in operator of this request, if its session is valid (and keeps it alive). */
  Optional<Signed> current(HttpServletRequest request) {
    String value = cookie(request, name(request, COOKIE));
    if (value == null || value.length() != 43) {
      return Optional.empty();
    }
    String id = hash(value);
    Optional<JdbcOperators.Session> s = operators.session(id);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    if (!now.isBefore(s.get().lastSeenAt().plus(idle))
        || !now.isBefore(s.get().createdAt().plus(max))) {
      operators.endSession(id);
      return Optional.empty();
    }
    if (!now.isBefore(s.get().lastSeenAt().plus(TOUCH_EVERY))) {
      operators.touchSession(id, now);
    }
    return Optional.of(new Signed(s.get().operator(), s.get().csrf()));
  }

  /** A fresh token for the sign-in form, also set as its cookie. */
  String signInToken(HttpServletRequest request, HttpServletResponse response) {
    String token = random();
    setCookie(request, response, SIGN_IN_COOKIE, token, 3600);
    return token;
  }

  /** Whether a sign-in POST carries the token its cookie holds. */
  boolean signInTokenMatches(HttpServletRequest request, @Nullable String formToken) {
    String expected = cookie(request, name(request, SIGN_IN_COOKIE));
    return expected != null && formToken != null && same(expected, formToken);
  }

  /**
   * Takes one sign-in attempt from the address's allowance (10 a minute) and the name's (5 a
   * minute), in windows of a minute.
   *
   * @return 0, or the seconds to wait when either is spent
   */
  synchronized long attempt(String address, String name) {
    long now = ticker.nanoTime();
    if (attempts.size() > 10_000) {
      attempts.clear();
    }
    long wait = Math.max(take("address:" + address, 10, now), take("name:" + name, 5, now));
    return wait == 0 ? 0 : Math.max(1, Duration.ofNanos(wait).toSeconds());
  }

  /** One attempt from a key's window; the nanoseconds until it reopens when spent. */
  private long take(String key, int limit, long now) {
    long window = Duration.ofMinutes(1).toNanos();
    long[] w = attempts.computeIfAbsent(key, k -> new long[] {0, now});
    if (now - w[1] >= window) {
      w[0] = 0;
      w[1] = now;
    }
    w[0]++;
    return w[0] > limit ? window - (now - w[1]) : 0;
  }

  /** Checks the password and, when it matches, starts a session (its cookie set). */
  boolean signIn(
      HttpServletRequest request, HttpServletResponse response, String name, char[] password) {
    Optional<String> stored = operators.passwordHash(name);
    boolean ok = Passwords.matches(password, stored.orElse(null));
    if (!ok) {
      return false;
    }
    String value = random();
    Instant now = clock.instant();
    // sessions nobody presents again are ended here, so the table only holds live ones
    operators.endSessionsBefore(now.minus(idle), now.minus(max));
    operators.startSession(hash(value), name, random(), now);
    setCookie(request, response, COOKIE, value, -1);
    setCookie(request, response, SIGN_IN_COOKIE, "", 0);
    return true;
  }

  /** Starts a session for an operator an authenticating proxy named (no password). */
  Signed startFor(HttpServletRequest request, HttpServletResponse response, String name) {
    String value = random();
    String csrf = random();
    operators.startSession(hash(value), name, csrf, clock.instant());
    setCookie(request, response, COOKIE, value, -1);
    return new Signed(name, csrf);
  }

  /** Ends this request's session and clears its cookie. */
  void signOut(HttpServletRequest request, HttpServletResponse response) {
    String value = cookie(request, name(request, COOKIE));
    if (value != null) {
      operators.endSession(hash(value));
    }
    setCookie(request, response, COOKIE, "", 0);
  }

  /** Whether a state-changing request came from the console's own pages. */
  static boolean sameOrigin(HttpServletRequest request) {
    String origin = request.getHeader("Origin");
    String host = request.getHeader("Host");
    return origin != null
        && host != null
        && origin.equalsIgnoreCase(request.getScheme() + "://" + host);
  }

  /** Whether the form's CSRF token is the session's. */
  static boolean csrfMatches(Signed signed, @Nullable String formToken) {
    return formToken != null && same(signed.csrf(), formToken);
  }
}
