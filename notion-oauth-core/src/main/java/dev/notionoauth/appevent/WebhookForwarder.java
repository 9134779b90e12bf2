package dev.notionoauth.appevent;

import dev.notionoauth.Installation;
import dev.notionoauth.spi.AppEventStore;
import dev.notionoauth.spi.WebhookConsumer;
import dev.notionoauth.webhook.WebhookDelivery;
import java.time.Clock;

/**
 * Forwards each Notion webhook event to the app as a {@code notion.webhook} event, with the bot ids
 * it was routed to: written to the outbox (so it is sent at least once, retried and dead-lettered
 * like the others), under an id derived from Notion's event id (a redelivery or a retried dispatch
 * adds nothing). Added to the webhook consumers by the composition root when {@code
 * app-events.events} names {@code notion.webhook}.
 */
public final class WebhookForwarder implements WebhookConsumer {
  private final AppEventStore store;
  private final Clock clock;
  private final Runnable onRecorded;

  /**
   * @param store the outbox
   * @param clock times the events
   * @param onRecorded run after each event is added (the sender's {@code wake})
   */
  public WebhookForwarder(AppEventStore store, Clock clock, Runnable onRecorded) {
    this.store = store;
    this.clock = clock;
    this.onRecorded = onRecorded;
  }

  @Override
  public void onEvent(WebhookDelivery delivery) {
    store.add(
        StoredAppEvent.pending(
            AppEvent.ofWebhook(
                delivery.event().envelope(),
                delivery.installations().stream().map(Installation::botId).toList(),
                clock.instant())));
    onRecorded.run();
  }
}
