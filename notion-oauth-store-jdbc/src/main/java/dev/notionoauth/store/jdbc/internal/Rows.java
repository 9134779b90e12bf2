package dev.notionoauth.store.jdbc.internal;

import dev.notionoauth.FlowContext;
import dev.notionoauth.Owner;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Column encodings shared by the stores: JSON objects for context, owner and headers, epoch millis
 * for times. A stored value that does not parse is an {@link IllegalStateException} naming what it
 * was, never its content.
 */
public final class Rows {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Rows() {}

  /** A map of strings as a JSON object. */
  public static String stringMapJson(Map<String, String> values) {
    ObjectNode o = JSON.createObjectNode();
    values.forEach(o::put);
    return JSON.writeValueAsString(o);
  }

  /** A map of strings back from a JSON object. */
  public static Map<String, String> stringMap(String json, String what) {
    ObjectNode o = object(json, what);
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : o.propertyNames()) {
      JsonNode v = o.get(key);
      values.put(key, v.isString() ? v.stringValue() : v.toString());
    }
    return values;
  }

  /** A context as a JSON object of strings. */
  public static String contextJson(FlowContext context) {
    return stringMapJson(context.values());
  }

  /** A context back from JSON. */
  public static FlowContext context(String json) {
    return new FlowContext(stringMap(json, "stored context"));
  }

  /** An owner as Notion's JSON. */
  public static String ownerJson(Owner owner) {
    ObjectNode o = JSON.createObjectNode();
    owner.writeTo(o);
    return JSON.writeValueAsString(o);
  }

  /** An owner back from JSON. */
  public static Owner owner(String json) {
    return Owner.fromJson(object(json, "stored owner"));
  }

  private static ObjectNode object(String json, String what) {
    try {
      JsonNode node = JSON.readTree(json);
      if (node instanceof ObjectNode o) {
        return o;
      }
    } catch (JacksonException e) {
      // reported below, without the content
    }
    throw new IllegalStateException(what + " is not a JSON object");
  }

  /** Milliseconds since the epoch. */
  public static long millis(Instant t) {
    return t.toEpochMilli();
  }

  /** An instant from a nullable column value. */
  public static @Nullable Instant instant(@Nullable Long millis) {
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }
}
