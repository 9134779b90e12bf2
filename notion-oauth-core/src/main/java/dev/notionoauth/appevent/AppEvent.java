package dev.notionoauth.appevent;

import dev.notionoauth.FlowContext;
import dev.notionoauth.Installation;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One event for the app, as kept in the outbox and sent: its id ({@code webhook-id}, the same on
 * every retry, so the app can drop duplicates), its type, when it happened, and the JSON body
 * {@code {"type":…,"timestamp":…,"data":{"bot_id":…,"workspace_id":…,"context":{…},"status":…,
 * "reason":…}}}: ids and context only, never a token (the app asks the API for one).
 *
 * @param id {@code msg_} and 26 random base32 characters
 * @param type the kind
 * @param createdAt when it happened
 * @param body the JSON body as sent
 */
public record AppEvent(String id, AppEventType type, Instant createdAt, String body) {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The event of a change to an installation, at {@code now}. */
  public static AppEvent of(AppEventType type, Installation i, Instant now) {
    return of(
        type,
        i.botId(),
        i.workspace().id(),
        i.workspace().name(),
        i.context(),
        type == AppEventType.INSTALLATION_DELETED
            ? "deleted"
            : i.status().name().toLowerCase(Locale.ROOT),
        i.health().reason(),
        now);
  }

  /** The event of a change, from its parts. */
  public static AppEvent of(
      AppEventType type,
      String botId,
      String workspaceId,
      @Nullable String workspaceName,
      FlowContext context,
      String status,
      String reason,
      Instant now) {
    ObjectNode root = JSON.createObjectNode();
    root.put("type", type.wireName());
    root.put("timestamp", now.toString());
    ObjectNode data = root.putObject("data");
    data.put("bot_id", botId);
    data.put("workspace_id", workspaceId);
    if (workspaceName != null) {
      data.put("workspace_name", workspaceName);
    }
    ObjectNode values = data.putObject("context");
    context.values().forEach(values::put);
    data.put("status", status);
    data.put("reason", reason);
    return new AppEvent(newId(), type, now, JSON.writeValueAsString(root));
  }

  /**
   * A Notion webhook event forwarded to the app: {@code {"type":"notion.webhook","timestamp":…,
   * "data":{"event_id":…,"event_type":…,"workspace_id":…,"entity":{"id":…,"type":…},"bot_ids":[…]}}}.
   * Its id is derived from Notion's event id, so a redelivery is the same event to the outbox and
   * to the app.
   */
  public static AppEvent ofWebhook(
      dev.notionoauth.webhook.WebhookEnvelope envelope,
      java.util.List<String> botIds,
      Instant now) {
    ObjectNode root = JSON.createObjectNode();
    root.put("type", AppEventType.NOTION_WEBHOOK.wireName());
    root.put("timestamp", now.toString());
    ObjectNode data = root.putObject("data");
    data.put("event_id", envelope.id());
    data.put("event_type", envelope.type());
    data.put("event_timestamp", envelope.timestamp().toString());
    data.put("workspace_id", envelope.workspaceId());
    ObjectNode entity = data.putObject("entity");
    entity.put("id", envelope.entity().id());
    entity.put("type", envelope.entity().type());
    botIds.forEach(data.putArray("bot_ids")::add);
    return new AppEvent(
        idFor(envelope.id()), AppEventType.NOTION_WEBHOOK, now, JSON.writeValueAsString(root));
  }

  /** {@code msg_} and 26 base32 characters of the SHA-256 of Notion's event id. */
  static String idFor(String notionEventId) {
    byte[] hash;
    try {
      hash =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(
                  ("notion.webhook:" + notionEventId)
                      .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
    StringBuilder b = new StringBuilder("msg_");
    for (int i = 0; i < 26; i++) {
      b.append(BASE32[hash[i] & 31]);
    }
    return b.toString();
  }

  static String newId() {
    StringBuilder b = new StringBuilder("msg_");
    for (int i = 0; i < 26; i++) {
      b.append(BASE32[RANDOM.nextInt(32)]);
    }
    return b.toString();
  }
}
