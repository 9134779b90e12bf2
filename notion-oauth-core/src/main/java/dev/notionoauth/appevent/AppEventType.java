package dev.notionoauth.appevent;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of event the app is sent. */
public enum AppEventType {
  /** A user connected a workspace (a new installation was stored). */
  INSTALLATION_CREATED("installation.created"),
  /** A user connected an existing installation again (a re-authorization was stored). */
  INSTALLATION_REAUTHORIZED("installation.reauthorized"),
  /** Notion no longer accepts the installation's tokens: send the user a reconnect link. */
  INSTALLATION_NEEDS_REAUTH("installation.needs_reauth"),
  /** The installation was revoked on purpose. */
  INSTALLATION_REVOKED("installation.revoked"),
  /** The installation was deleted. */
  INSTALLATION_DELETED("installation.deleted"),
  /**
   * A Notion webhook event, forwarded with the bot ids it was routed to (ids only: the app fetches
   * the entity through the proxy). Only when named in {@code app-events.events}.
   */
  NOTION_WEBHOOK("notion.webhook");

  private final String wireName;

  AppEventType(String wireName) {
    this.wireName = wireName;
  }

  /** As sent in {@code type}, e.g. {@code installation.created}. */
  public String wireName() {
    return wireName;
  }

  /** The type with this wire name, if any. */
  public static Optional<AppEventType> parse(String value) {
    return Arrays.stream(values()).filter(t -> t.wireName.equals(value)).findFirst();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
