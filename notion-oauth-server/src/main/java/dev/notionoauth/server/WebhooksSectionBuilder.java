package dev.notionoauth.server;

import dev.notionoauth.servlet.WebhookSettings;
import java.util.List;

/**
 * The {@code webhooks} section's builder: whether the route is on, its path and consumers here; how
 * deliveries are read and handed on in the library's {@link WebhookSettings}, which holds those
 * defaults and rules once for every host. Used through {@link ServerConfigBuilder}.
 */
final class WebhooksSectionBuilder {
  private boolean enabled;
  private String path = "/notion/webhooks";
  private List<String> consumers = List.of("log");
  private final WebhookSettings.Builder delivery = WebhookSettings.builder();

  void enabled(boolean value) {
    this.enabled = value;
  }

  void path(String value) {
    this.path = ConfigChecks.route(value, "/notion/webhooks");
  }

  void consumers(List<String> value) {
    this.consumers = List.copyOf(value);
  }

  WebhookSettings.Builder delivery() {
    return delivery;
  }

  boolean enabled() {
    return enabled;
  }

  String path() {
    return path;
  }

  List<String> consumers() {
    return consumers;
  }

  /** The section. */
  ServerConfig.Webhooks build() {
    WebhookSettings s = delivery.build();
    return new ServerConfig.Webhooks(
        enabled,
        path,
        s.maxBodyBytes(),
        s.maxConcurrentReads(),
        s.readTimeout(),
        s.deliverUnaddressedToWorkspace(),
        consumers,
        s.maxAttempts(),
        s.retryDelay(),
        s.deliveryTimeout());
  }
}
