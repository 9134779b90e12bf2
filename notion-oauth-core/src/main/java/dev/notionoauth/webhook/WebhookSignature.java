package dev.notionoauth.webhook;

import dev.notionoauth.WebhookVerificationToken;
import dev.notionoauth.internal.Tokens;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Notion's webhook signature: {@code X-Notion-Signature: sha256=<hex>}, the HMAC-SHA256 of the raw
 * request body bytes keyed by the subscription's {@link WebhookVerificationToken} (UTF-8). There is
 * no timestamp, so replays are caught by event id, not here. Check the raw bytes before parsing
 * anything: a re-serialised body does not verify.
 */
public final class WebhookSignature {
  /** The header that carries the signature. */
  public static final String HEADER = "X-Notion-Signature";

  private static final String PREFIX = "sha256=";

  private WebhookSignature() {}

  /** The header value Notion would send for this body: {@code sha256=} and 64 lower-case hex. */
  public static String of(WebhookVerificationToken token, byte[] body) {
    return PREFIX + Tokens.hex(hmac(token, body));
  }

  /**
   * Whether {@code header} is the signature of {@code body} under {@code token}, compared in
   * constant time. A missing header, another algorithm or a malformed value is simply false.
   *
   * @param header the {@value #HEADER} value as received, or null when absent
   */
  public static boolean verify(
      WebhookVerificationToken token, byte[] body, @Nullable String header) {
    if (header == null
        || header.length() != PREFIX.length() + 64
        || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return false;
    }
    String hex = header.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
    if (!hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
    return Tokens.constantTimeEquals(Tokens.hex(hmac(token, body)), hex);
  }

  private static byte[] hmac(WebhookVerificationToken token, byte[] body) {
    return Tokens.hmacSha256(Tokens.hmacKey(token.value().getBytes(StandardCharsets.UTF_8)), body);
  }
}
