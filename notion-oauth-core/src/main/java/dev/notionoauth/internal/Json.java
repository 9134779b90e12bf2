package dev.notionoauth.internal;

import dev.notionoauth.NotionInvalidResponseException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Strict readers over Jackson trees for Notion's wire messages. Every problem becomes a {@link
 * NotionInvalidResponseException} naming the field, never its value.
 */
public final class Json {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** For callers' own types: fields Notion adds later must not break them. */
  private static final JsonMapper LENIENT =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");

  private Json() {}

  /** The mapper for trees. */
  public static JsonMapper mapper() {
    return MAPPER;
  }

  /** The mapper for callers' own types (unknown fields ignored). */
  public static JsonMapper lenientMapper() {
    return LENIENT;
  }

  /** A new empty object node. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Serializes a tree compactly. */
  public static String write(JsonNode node) {
    return MAPPER.writeValueAsString(node);
  }

  /**
   * Parses text that must be one JSON object.
   *
   * @param what names the message in error messages, e.g. "token response"
   */
  public static ObjectNode parseObject(String json, String what) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new NotionInvalidResponseException(what + " is not valid JSON", null);
    }
    if (node == null || !node.isObject()) {
      throw new NotionInvalidResponseException(what + " is not a JSON object", null);
    }
    return (ObjectNode) node;
  }

  /** Like {@link #parseObject} but returns null instead of throwing. */
  public static @Nullable ObjectNode tryParseObject(@Nullable String json) {
    if (json == null || json.isBlank()) {
      return null;
    }
    try {
      JsonNode node = MAPPER.readTree(json);
      return node != null && node.isObject() ? (ObjectNode) node : null;
    } catch (JacksonException e) {
      return null;
    }
  }

  /** A string field that must be present, a string and non-empty. */
  public static String requiredString(JsonNode parent, String field, String what) {
    String value = optionalString(parent, field, what);
    if (value == null || value.isEmpty()) {
      throw new NotionInvalidResponseException(
          what + ": required field '" + field + "' is missing or empty", requestId(parent));
    }
    return value;
  }

  /** A string field that may be absent or null, but must be a string when present. */
  public static @Nullable String optionalString(JsonNode parent, String field, String what) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isString()) {
      throw new NotionInvalidResponseException(
          what + ": field '" + field + "' is not a string", requestId(parent));
    }
    return node.stringValue();
  }

  /** A required string field holding a UUID (with or without dashes). */
  public static String requiredUuid(JsonNode parent, String field, String what) {
    String value = requiredString(parent, field, what);
    if (!UUID.matcher(value).matches()) {
      throw new NotionInvalidResponseException(
          what + ": field '" + field + "' is not a UUID", requestId(parent));
    }
    return value;
  }

  /** An optional UUID field. */
  public static @Nullable String optionalUuid(JsonNode parent, String field, String what) {
    String value = optionalString(parent, field, what);
    if (value != null && !UUID.matcher(value).matches()) {
      throw new NotionInvalidResponseException(
          what + ": field '" + field + "' is not a UUID", requestId(parent));
    }
    return value;
  }

  /** A required object field. */
  public static JsonNode requiredObject(JsonNode parent, String field, String what) {
    JsonNode node = parent.get(field);
    if (node == null || !node.isObject()) {
      throw new NotionInvalidResponseException(
          what + ": required field '" + field + "' is missing or not an object", requestId(parent));
    }
    return node;
  }

  /** An optional boolean field. */
  public static @Nullable Boolean optionalBoolean(JsonNode parent, String field, String what) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isBoolean()) {
      throw new NotionInvalidResponseException(
          what + ": field '" + field + "' is not a boolean", requestId(parent));
    }
    return node.booleanValue();
  }

  /** An optional integer field. */
  public static @Nullable Long optionalLong(JsonNode parent, String field, String what) {
    JsonNode node = parent.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      // a huge integer too (found by JazzerFuzzTest#webhookBody): not a 64-bit value
      throw new NotionInvalidResponseException(
          what + ": field '" + field + "' is not a 64-bit integer", requestId(parent));
    }
    return node.longValue();
  }

  /** The {@code request_id} of a message, if it has a string one; never throws. */
  public static @Nullable String requestId(JsonNode parent) {
    JsonNode node = parent.get("request_id");
    return node != null && node.isString() ? node.stringValue() : null;
  }

  /** Puts a string or JSON null. */
  public static void putNullable(ObjectNode node, String field, @Nullable String value) {
    if (value == null) {
      node.putNull(field);
    } else {
      node.put(field, value);
    }
  }
}
