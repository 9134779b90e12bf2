package dev.notionoauth.servlet;

import dev.notionoauth.appevent.AppEventType;
import dev.notionoauth.appevent.StandardWebhooksSigner;
import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * Where and how events go to the app ({@code app-events} in the server, {@code
 * notion.oauth.app-events.*} in the starter); each default once, here.
 *
 * @param url the app's endpoint (https, or http on loopback)
 * @param signer the {@code whsec_} secret shared with the app
 * @param types which events are sent, default every {@code installation.*} event ({@code
 *     notion.webhook} only when named)
 * @param maxAttempts attempts before a dead letter, default 12
 * @param retryDelay the wait after the first failure, doubled each time, default 5 s
 * @param timeout one post's deadline, default 10 s
 */
public record AppEventSettings(
    URI url,
    StandardWebhooksSigner signer,
    Set<AppEventType> types,
    int maxAttempts,
    Duration retryDelay,
    Duration timeout) {

  /** Checks the URL and copies the types. */
  public AppEventSettings {
    String scheme = url.getScheme();
    String host = url.getHost();
    boolean loopback =
        host != null
            && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
    if (!"https".equals(scheme) && !("http".equals(scheme) && loopback)) {
      throw new IllegalArgumentException("must be an https URL (http only on localhost)");
    }
    if (types.isEmpty()) {
      throw new IllegalArgumentException("at least one event type is needed");
    }
    types = Set.copyOf(types);
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /**
   * Refuses a URL events could not safely go to: https, or http only on localhost.
   *
   * @return the URL
   */
  public static URI checkUrl(URI url) {
    String scheme = url.getScheme();
    String host = url.getHost();
    boolean loopback =
        host != null
            && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
    if (!"https".equals(scheme) && !("http".equals(scheme) && loopback)) {
      throw new IllegalArgumentException("must be an https URL (http only on localhost)");
    }
    return url;
  }

  /**
   * Every installation event to {@code url} (Notion's webhook events only when named: {@link
   * #withTypes}), signed with {@code secret}, with the default retries.
   */
  public static AppEventSettings of(URI url, String secret) {
    return new AppEventSettings(
        url,
        StandardWebhooksSigner.of(secret),
        EnumSet.range(AppEventType.INSTALLATION_CREATED, AppEventType.INSTALLATION_DELETED),
        12,
        Duration.ofSeconds(5),
        Duration.ofSeconds(10));
  }

  /** The same, sending only these types. */
  public AppEventSettings withTypes(Set<AppEventType> value) {
    return new AppEventSettings(url, signer, value, maxAttempts, retryDelay, timeout);
  }

  /** The same, with these retries. */
  public AppEventSettings withRetries(int attempts, Duration firstDelay) {
    return new AppEventSettings(url, signer, types, attempts, firstDelay, timeout);
  }
}
