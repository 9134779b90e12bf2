package dev.notionoauth.spi;

import dev.notionoauth.webhook.WebhookDelivery;

/**
 * Receives Notion's webhook events, each with the installations it concerns.
 *
 * <p>Called by {@link dev.notionoauth.webhook.WebhookDispatcher} on its background thread, never on
 * the request that carried the event (Notion already has its 2xx, and the event is stored). One
 * event at a time per process, in the order they became due (Notion's own order is not guaranteed:
 * sort by {@code envelope().timestamp()} where it matters). Delivery is at least once: if a
 * consumer throws, every consumer gets the event again later (with backoff), until the attempts run
 * out and it becomes a dead letter ({@code webhooks list --failed}); so make handling idempotent,
 * keyed by the event id.
 *
 * <p>Built in: {@code log} (one line per event: type, ids, matched bots) and {@code store} (keeps
 * the event in the webhook store past its retention, for the app to read).
 */
public interface WebhookConsumer {

  /**
   * Handles one event. Throw to have it retried.
   *
   * @param delivery the typed event and its installations
   */
  void onEvent(WebhookDelivery delivery);
}
