package dev.notionoauth.spring;

import dev.notionoauth.servlet.WebhookSettings;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** The {@code notion.oauth.webhooks.*} properties mapped onto the library's settings. */
final class WebhookProperties {
  private WebhookProperties() {}

  /** The settings: what is set, over the library's defaults. */
  static WebhookSettings settings(NotionOAuthProperties.Webhooks p) {
    WebhookSettings.Builder b = WebhookSettings.builder();
    set(p.getMaxBodyBytes(), b::maxBodyBytes);
    set(p.getMaxConcurrentReads(), b::maxConcurrentReads);
    set(p.getReadTimeout(), b::readTimeout);
    set(p.getMaxAttempts(), b::maxAttempts);
    set(p.getRetryDelay(), b::retryDelay);
    set(p.getDeliveryTimeout(), b::deliveryTimeout);
    b.deliverUnaddressedToWorkspace(p.isDeliverUnaddressedToWorkspace());
    return b.build();
  }

  private static <T> void set(@Nullable T value, Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }
}
