package dev.notionoauth.store.jdbc.internal;

import dev.notionoauth.FlowContext;
import dev.notionoauth.Owner;
import dev.notionoauth.internal.Json;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Column encodings shared by the stores: JSON for context and owner, epoch millis for times. */
public final class Rows {
  private Rows() {}

  /** A context as a JSON object of strings. */
  public static String contextJson(FlowContext context) {
    ObjectNode o = Json.object();
    context.values().forEach(o::put);
    return Json.write(o);
  }

  /** A context back from JSON. */
  public static FlowContext context(String json) {
    ObjectNode o = Json.parseObject(json, "stored context");
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : o.propertyNames()) {
      JsonNode v = o.get(key);
      values.put(key, v.isString() ? v.stringValue() : v.toString());
    }
    return new FlowContext(values);
  }

  /** An owner as Notion's JSON. */
  public static String ownerJson(Owner owner) {
    ObjectNode o = Json.object();
    owner.writeTo(o);
    return Json.write(o);
  }

  /** An owner back from JSON. */
  public static Owner owner(String json) {
    return Owner.fromJson(Json.parseObject(json, "stored owner"));
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
