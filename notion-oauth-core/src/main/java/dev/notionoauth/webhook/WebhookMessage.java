package dev.notionoauth.webhook;

import dev.notionoauth.NotionInvalidResponseException;
import dev.notionoauth.WebhookVerificationToken;
import dev.notionoauth.internal.Json;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.node.ObjectNode;

/**
 * What Notion POSTs to a webhook URL: the one-time {@link Handshake} or a signed {@link
 * WebhookEnvelope}. Parse only after the signature checked out (or, for a handshake, while the
 * receiver accepts one).
 */
public sealed interface WebhookMessage permits WebhookMessage.Handshake, WebhookEnvelope {

  /**
   * The verification handshake: a body that is exactly {@code {"verification_token": "…"}}. No
   * other body is ever read as one.
   *
   * @param token the token Notion will sign deliveries with
   */
  record Handshake(WebhookVerificationToken token) implements WebhookMessage {}

  /**
   * Parses a body: strict UTF-8, one JSON object; a handshake when its only field is a string
   * {@code verification_token}, else an event.
   *
   * @throws NotionInvalidResponseException when it is neither (the body is never in the message)
   */
  static WebhookMessage parse(byte[] body) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      throw new NotionInvalidResponseException("webhook body is not UTF-8", null);
    }
    ObjectNode root = Json.parseObject(text, "webhook body");
    if (root.size() == 1 && root.has("verification_token")) {
      String token = Json.requiredString(root, "verification_token", "webhook handshake");
      try {
        return new Handshake(new WebhookVerificationToken(token));
      } catch (IllegalArgumentException e) {
        throw new NotionInvalidResponseException("webhook handshake: " + e.getMessage(), null);
      }
    }
    return WebhookEnvelope.fromJson(root);
  }
}
