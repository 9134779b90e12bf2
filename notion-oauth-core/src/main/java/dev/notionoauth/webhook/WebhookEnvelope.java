package dev.notionoauth.webhook;

import dev.notionoauth.NotionInvalidResponseException;
import dev.notionoauth.internal.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Notion's envelope of one webhook event, as delivered (the same for every type; {@link
 * WebhookEvent} is the typed event read from it). Payloads are signals holding ids only: fetch the
 * entity's current state through the API with a token of one of the installations in {@code
 * accessibleBy}. Events can be aggregated (several {@code authors}), arrive out of order (order by
 * {@code timestamp}) and be delivered again ({@code attemptNumber} 1–8, same {@code id}).
 *
 * @param id the event id (deduplicate by it)
 * @param timestamp when it happened
 * @param workspaceId the workspace
 * @param workspaceName the workspace's name, if sent
 * @param subscriptionId the webhook subscription, if sent
 * @param integrationId the integration, if sent
 * @param type e.g. {@code page.content_updated}; unknown types are kept as they are
 * @param authors who caused it
 * @param accessibleBy the users and bots whose connections can see the entity, as Notion listed
 *     them (public integrations only): empty when Notion sent none ({@code []}: nobody's connection
 *     can see it), absent when it sent no such field
 * @param attemptNumber the delivery attempt, from 1
 * @param apiVersion the API version of the payload, if sent
 * @param entity what it is about
 * @param data the type-specific data, as compact JSON ({@code {}} when absent)
 */
public record WebhookEnvelope(
    String id,
    Instant timestamp,
    String workspaceId,
    @Nullable String workspaceName,
    @Nullable String subscriptionId,
    @Nullable String integrationId,
    String type,
    List<Actor> authors,
    Optional<List<Actor>> accessibleBy,
    int attemptNumber,
    @Nullable String apiVersion,
    Entity entity,
    String data)
    implements WebhookMessage {

  private static final String WHAT = "webhook event";

  /** Copies the lists. */
  public WebhookEnvelope {
    authors = List.copyOf(authors);
    accessibleBy = accessibleBy.map(List::copyOf);
  }

  /**
   * A person, bot or agent.
   *
   * @param id its id
   * @param type {@code person}, {@code bot} or {@code agent}
   */
  public record Actor(String id, String type) {}

  /**
   * The entity an event is about.
   *
   * @param id its id
   * @param type e.g. {@code page}, {@code database}, {@code comment}
   */
  public record Entity(String id, String type) {}

  /** The event category, the part of {@code type} before the first dot (e.g. {@code page}). */
  public String category() {
    int dot = type.indexOf('.');
    return dot < 0 ? type : type.substring(0, dot);
  }

  /** Parses an event body's JSON (after its signature checked out). */
  public static WebhookEnvelope fromJson(String json) {
    return fromJson(Json.parseObject(json, WHAT));
  }

  static WebhookEnvelope fromJson(ObjectNode root) {
    Instant timestamp;
    try {
      timestamp = Instant.parse(Json.requiredString(root, "timestamp", WHAT));
    } catch (DateTimeParseException e) {
      throw new NotionInvalidResponseException(WHAT + ": field 'timestamp' is not ISO 8601", null);
    }
    Long attempt = Json.optionalLong(root, "attempt_number", WHAT);
    if (attempt != null && (attempt < 1 || attempt > 1000)) {
      throw new NotionInvalidResponseException(
          WHAT + ": field 'attempt_number' out of range", null);
    }
    JsonNode entity = Json.requiredObject(root, "entity", WHAT);
    JsonNode data = root.get("data");
    if (data != null && !data.isNull() && !data.isObject()) {
      throw new NotionInvalidResponseException(WHAT + ": field 'data' is not an object", null);
    }
    return new WebhookEnvelope(
        Json.requiredString(root, "id", WHAT),
        timestamp,
        Json.requiredString(root, "workspace_id", WHAT),
        Json.optionalString(root, "workspace_name", WHAT),
        Json.optionalString(root, "subscription_id", WHAT),
        Json.optionalString(root, "integration_id", WHAT),
        Json.requiredString(root, "type", WHAT),
        actors(root, "authors"),
        root.hasNonNull("accessible_by")
            ? Optional.of(actors(root, "accessible_by"))
            : Optional.empty(),
        attempt == null ? 1 : attempt.intValue(),
        Json.optionalString(root, "api_version", WHAT),
        new Entity(
            Json.requiredString(entity, "id", WHAT + " entity"),
            Json.requiredString(entity, "type", WHAT + " entity")),
        data == null || data.isNull() ? "{}" : Json.write(data));
  }

  private static List<Actor> actors(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw new NotionInvalidResponseException(
          WHAT + ": field '" + field + "' is not a list", null);
    }
    List<Actor> actors = new ArrayList<>();
    for (JsonNode a : node) {
      if (!a.isObject()) {
        throw new NotionInvalidResponseException(
            WHAT + ": an entry of '" + field + "' is not an object", null);
      }
      actors.add(
          new Actor(
              Json.requiredString(a, "id", WHAT + " " + field),
              Json.requiredString(a, "type", WHAT + " " + field)));
    }
    return actors;
  }

  /** Serializes to Notion's wire JSON. */
  public String toJson() {
    ObjectNode root = Json.object();
    root.put("id", id);
    root.put("timestamp", timestamp.toString());
    root.put("workspace_id", workspaceId);
    Json.putNullable(root, "workspace_name", workspaceName);
    Json.putNullable(root, "subscription_id", subscriptionId);
    Json.putNullable(root, "integration_id", integrationId);
    root.put("type", type);
    putActors(root.putArray("authors"), authors);
    accessibleBy.ifPresent(actors -> putActors(root.putArray("accessible_by"), actors));
    root.put("attempt_number", attemptNumber);
    Json.putNullable(root, "api_version", apiVersion);
    ObjectNode e = root.putObject("entity");
    e.put("id", entity.id());
    e.put("type", entity.type());
    root.set("data", Json.parseObject(data, WHAT + " data"));
    return Json.write(root);
  }

  private static void putActors(ArrayNode array, List<Actor> actors) {
    for (Actor a : actors) {
      ObjectNode o = array.addObject();
      o.put("id", a.id());
      o.put("type", a.type());
    }
  }
}
