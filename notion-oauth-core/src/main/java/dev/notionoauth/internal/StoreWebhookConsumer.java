package dev.notionoauth.internal;

import dev.notionoauth.NotionConfigException;
import dev.notionoauth.spi.PluginContext;
import dev.notionoauth.spi.PluginProvider;
import dev.notionoauth.spi.WebhookConsumer;
import dev.notionoauth.spi.WebhookStore;
import dev.notionoauth.webhook.WebhookDelivery;

/**
 * The {@code store} webhook consumer: keeps each delivered event in the webhook store past the
 * retention period, with the bot ids it was routed to, for an app that reads events from the
 * database ({@code webhooks list}, or the {@code webhook_event} table where {@code kept} is true)
 * instead of writing a plugin.
 */
public final class StoreWebhookConsumer implements WebhookConsumer {
  private final WebhookStore store;

  /** Creates the consumer over the webhook store. */
  public StoreWebhookConsumer(WebhookStore store) {
    this.store = store;
  }

  @Override
  public void onEvent(WebhookDelivery delivery) {
    store.keep(delivery.event().envelope().id());
  }

  /** Registers the consumer under the name {@code store}. */
  public static final class Provider implements PluginProvider<WebhookConsumer> {
    @Override
    public Class<WebhookConsumer> type() {
      return WebhookConsumer.class;
    }

    @Override
    public String name() {
      return "store";
    }

    @Override
    public String description() {
      return "Keeps each webhook event in the webhook store, with its installations, for the app.";
    }

    @Override
    public WebhookConsumer create(PluginContext context) {
      return new StoreWebhookConsumer(
          context
              .webhookStore()
              .orElseThrow(
                  () ->
                      new NotionConfigException(
                          "the 'store' webhook consumer needs a webhook store")));
    }
  }
}
