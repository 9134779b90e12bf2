package dev.notionoauth.internal;

import dev.notionoauth.Installation;
import dev.notionoauth.spi.PluginContext;
import dev.notionoauth.spi.PluginProvider;
import dev.notionoauth.spi.WebhookConsumer;
import dev.notionoauth.web.LogSafe;
import dev.notionoauth.webhook.WebhookDelivery;
import dev.notionoauth.webhook.WebhookEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code log} webhook consumer: one line per event with its type, ids and matched bots. */
public final class LogWebhookConsumer implements WebhookConsumer {
  private static final Logger LOG = LoggerFactory.getLogger("dev.notionoauth.webhooks.log");

  @Override
  public void onEvent(WebhookDelivery delivery) {
    WebhookEnvelope e = delivery.event().envelope();
    LOG.info(
        "Webhook event {} type={} workspace_id={} entity={} bots={} attempt={}",
        LogSafe.text(e.id()),
        LogSafe.text(e.type()),
        LogSafe.text(e.workspaceId()),
        LogSafe.text(e.entity().id()),
        delivery.installations().stream().map(Installation::botId).toList(),
        delivery.attempt());
  }

  /** Registers the consumer under the name {@code log}. */
  public static final class Provider implements PluginProvider<WebhookConsumer> {
    @Override
    public Class<WebhookConsumer> type() {
      return WebhookConsumer.class;
    }

    @Override
    public String name() {
      return "log";
    }

    @Override
    public String description() {
      return "Logs each webhook event: type, ids and the installations it concerns.";
    }

    @Override
    public WebhookConsumer create(PluginContext context) {
      return new LogWebhookConsumer();
    }
  }
}
