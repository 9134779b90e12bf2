package dev.notionoauth;

import dev.notionoauth.internal.Tokens;

/**
 * The token Notion sends once to a webhook subscription's URL ({@code {"verification_token":
 * "secret_…"}}) and then uses as the HMAC key of every delivery's {@code X-Notion-Signature}.
 * Prints as {@code ***}.
 *
 * @param value the secret text, exactly as Notion sent it
 */
public record WebhookVerificationToken(String value) {
  /** Validates the value: non-empty printable ASCII of at most 512 characters. */
  public WebhookVerificationToken {
    Secrets.requireToken(value, "webhook verification token", 512);
  }

  /** Whether this is the same token as {@code other}, compared in constant time. */
  public boolean sameAs(WebhookVerificationToken other) {
    return Tokens.constantTimeEquals(value, other.value);
  }

  @Override
  public String toString() {
    return "WebhookVerificationToken[***]";
  }
}
