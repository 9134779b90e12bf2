package dev.notionoauth;

import dev.notionoauth.internal.Cookies;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Hands an unbound installation's claim link to the browser that finished the install, and only to
 * it (review M2). The callback's answer sets a cookie holding the signed, single-use claim link;
 * the stored result page links only to the relative route {@value #ROUTE} (no secret in the page or
 * the result-page store); that route, given the cookie, clears it and redirects to the host app's
 * claim page with the link. A forwarded result page, a copied database or a second browser has
 * nothing to claim with.
 *
 * <p>The cookie is {@code HttpOnly; SameSite=Strict}: the only request that needs it is the click
 * on our own result page. It lives as long as a claim link ({@link InstallLinks#maxValidity()}).
 * Called by the servlet adapter (cookie and route) and by {@link DefaultResponseView} (the button).
 */
public final class ClaimHandoff {
  /** The claim route, relative to the result pages: {@code <result-path>/claim}. */
  public static final String ROUTE = "claim";

  /** Cookie name over HTTPS. */
  public static final String SECURE_COOKIE_NAME = "__Host-noh_claim";

  /** Cookie name over plain HTTP (development only). */
  public static final String PLAIN_COOKIE_NAME = "noh_claim";

  private final String claimUrl;
  private final InstallLinks links;
  private final Clock clock;

  /**
   * Creates the handoff.
   *
   * @param claimUrl the host app's claim page: an https URL (http only on a loopback host) or a
   *     same-site path
   * @param links signs and checks the claim links
   * @param clock the clock claim links expire by
   * @throws NotionConfigException when the claim URL is neither
   */
  public ClaimHandoff(String claimUrl, InstallLinks links, Clock clock) {
    if (!DefaultResponseView.isSameSitePath(claimUrl) && !isHttpsOrLoopback(claimUrl)) {
      throw new NotionConfigException(
          "view setting claim-url must be an https URL (http only on a loopback host) or a path");
    }
    this.claimUrl = claimUrl;
    this.links = links;
    this.clock = clock;
  }

  /**
   * The rule of Notion's own URLs: https, or http on a host that parses as loopback (review L2).
   */
  private static boolean isHttpsOrLoopback(String url) {
    try {
      NotionOAuthSettings.checkHttpUrl(url);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The cookie name to use. */
  public static String cookieName(boolean secure) {
    return secure ? SECURE_COOKIE_NAME : PLAIN_COOKIE_NAME;
  }

  /**
   * The {@code Set-Cookie} header value that gives this browser a fresh claim link for the
   * installation.
   *
   * @param botId the unbound installation
   * @param secure whether the public URL is HTTPS
   */
  public String setCookieHeader(String botId, boolean secure) {
    String link =
        links.signClaim(FlowContext.of("bot-id", botId), clock.instant().plus(links.maxValidity()));
    String value =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(link.getBytes(StandardCharsets.US_ASCII));
    return cookie(secure, value, links.maxValidity().toSeconds());
  }

  /** The {@code Set-Cookie} header value that removes the claim cookie. */
  public static String clearCookieHeader(boolean secure) {
    return cookie(secure, "", 0);
  }

  private static String cookie(boolean secure, String value, long maxAge) {
    return Cookies.setCookie(cookieName(secure), value, maxAge, "Strict", secure);
  }

  /**
   * Where the claim route sends a browser presenting this cookie value: the host app's claim page
   * with the signed link, while the link is valid; empty for a missing, tampered or expired one.
   *
   * @param cookieValue the claim cookie's value, or null when the browser sent none
   */
  public Optional<String> claimPageFor(@Nullable String cookieValue) {
    if (cookieValue == null || !cookieValue.matches("[A-Za-z0-9_-]{1,2048}")) {
      return Optional.empty();
    }
    String link;
    try {
      link = new String(Base64.getUrlDecoder().decode(cookieValue), StandardCharsets.US_ASCII);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (links.verifyClaim(link, clock.instant()).verdict() != InstallLinks.Verdict.VALID) {
      return Optional.empty();
    }
    return Optional.of(claimUrl + (claimUrl.contains("?") ? "&" : "?") + link);
  }

  @Override
  public String toString() {
    return "ClaimHandoff[" + claimUrl + "]";
  }
}
