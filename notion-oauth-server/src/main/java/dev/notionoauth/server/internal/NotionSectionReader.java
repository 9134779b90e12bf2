package dev.notionoauth.server.internal;

import dev.notionoauth.server.ServerConfigBuilder;

/** Reads the {@code notion} section: the integration's credentials and where Notion is. */
public final class NotionSectionReader {
  private NotionSectionReader() {}

  /** Reads {@code node} into {@code config}. */
  public static void read(ConfigNode node, ServerConfigBuilder config) {
    node.string("client-id", config::clientId);
    node.secret("client-secret", "client-secret-file")
        .ifPresent(s -> node.apply(s.key(), () -> config.clientSecret(s.text())));
    node.string("redirect-uri", config::redirectUri);
    node.string("api-base-url", config::apiBaseUrl);
    node.string("version", config::notionVersion);
  }
}
