package dev.notionoauth.server;

import dev.notionoauth.appevent.AppEventType;
import dev.notionoauth.servlet.AppEventSettings;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The {@code app-events} section's builder: off unless {@code url} and {@code secret} are both set;
 * the defaults of retries live in {@link AppEventSettings}. Used through {@link
 * ServerConfigBuilder} and {@code ConfigLoader}.
 */
final class AppEventsSectionBuilder {
  private @Nullable URI url;
  private @Nullable String secret;
  private @Nullable Set<AppEventType> types;
  private @Nullable Integer maxAttempts;
  private @Nullable Duration retryDelay;
  private @Nullable AppEventSettings given;

  void url(String value) {
    this.url = AppEventSettings.checkUrl(URI.create(value.strip()));
  }

  void secret(String value) {
    dev.notionoauth.appevent.StandardWebhooksSigner.of(value.strip()); // the rule, checked now
    this.secret = value.strip();
  }

  void types(List<String> values) {
    Set<AppEventType> parsed = EnumSet.noneOf(AppEventType.class);
    List<String> unknown = new ArrayList<>();
    for (String v : values) {
      AppEventType.parse(v.strip()).ifPresentOrElse(parsed::add, () -> unknown.add(v));
    }
    if (!unknown.isEmpty() || parsed.isEmpty()) {
      throw new IllegalArgumentException(
          "must list some of installation.created, installation.reauthorized,"
              + " installation.needs_reauth, installation.revoked, installation.deleted,"
              + " notion.webhook");
    }
    this.types = parsed;
  }

  /** Whether Notion's webhook events are to be forwarded (then webhooks must be on). */
  boolean forwardsWebhooks() {
    return types != null && types.contains(AppEventType.NOTION_WEBHOOK);
  }

  void maxAttempts(int value) {
    this.maxAttempts = ConfigChecks.inRange(value, 1, 100);
  }

  void retryDelay(Duration value) {
    this.retryDelay = value;
  }

  void settings(AppEventSettings value) {
    this.given = value;
  }

  /** What only the whole section can tell. */
  @Nullable String problem() {
    if (given == null && (url == null) != (secret == null)) {
      return url == null ? "secret is set but url is missing" : "url is set but secret is missing";
    }
    return null;
  }

  /** The settings, or null when app events are off. */
  @Nullable AppEventSettings build() {
    if (given != null) {
      return given;
    }
    if (url == null || secret == null) {
      return null;
    }
    AppEventSettings s = AppEventSettings.of(url, secret);
    if (types != null) {
      s = s.withTypes(types);
    }
    return s.withRetries(
        maxAttempts != null ? maxAttempts : s.maxAttempts(),
        retryDelay != null ? retryDelay : s.retryDelay());
  }
}
