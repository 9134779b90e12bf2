package dev.notionoauth.testkit;

import dev.notionoauth.emulator.WebhookSender;
import dev.notionoauth.spi.WebhookStore;
import dev.notionoauth.webhook.WebhookCandidate;
import dev.notionoauth.webhook.WebhookVerification;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Notion's webhook set-up as an operator does it, for tests that need deliveries accepted: open a
 * capture window, have the emulator send the verification request, confirm the one candidate.
 */
public final class WebhookHandshake {
  private WebhookHandshake() {}

  /**
   * Runs the set-up against a running receiver at {@code hook} sharing {@code store}.
   *
   * @return the confirmed token, the one the emulator signs deliveries with
   * @throws AssertionError when the receiver did not keep exactly the request sent
   */
  public static String confirmedToken(WebhookStore store, WebhookSender notion, URI hook) {
    WebhookVerification verification = new WebhookVerification(store);
    verification.open(Duration.ofMinutes(1));
    WebhookSender.Handshake handshake = notion.handshake(hook);
    if (handshake.delivery().status() != 200) {
      throw new AssertionError(
          "the verification request was answered " + handshake.delivery().status());
    }
    List<WebhookCandidate> candidates = verification.candidates();
    if (candidates.size() != 1 || !candidates.get(0).token().value().equals(handshake.token())) {
      throw new AssertionError("expected one candidate, the request sent; got " + candidates);
    }
    verification.confirm(candidates.get(0).number());
    return handshake.token();
  }
}
