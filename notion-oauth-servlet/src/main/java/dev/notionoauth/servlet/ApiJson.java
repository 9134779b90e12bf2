package dev.notionoauth.servlet;

import dev.notionoauth.Installation;
import dev.notionoauth.Owner;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The HTTP API's JSON: installations as answered (never a token), the one error shape (Notion's:
 * {@code {"object":"error","status":…,"code":…,"message":…}}, so Notion's SDKs read our errors like
 * theirs), and request bodies read with a cap.
 */
final class ApiJson {
  static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private ApiJson() {}

  /** A refused or failed API request: its status, a stable code and a message for people. */
  static class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;
    final String code;
    final String text;

    Failure(int status, String code, String message) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
      this.text = message;
    }
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** An installation as the API shows it: everything but its tokens (their version only). */
  static ObjectNode installation(Installation i) {
    ObjectNode n = object();
    n.put("object", "installation");
    n.put("bot_id", i.botId());
    n.put("status", i.status().name().toLowerCase(java.util.Locale.ROOT));
    ObjectNode ws = n.putObject("workspace");
    ws.put("id", i.workspace().id());
    putNullable(ws, "name", i.workspace().name());
    putNullable(ws, "icon", i.workspace().icon());
    ObjectNode owner = n.putObject("owner");
    if (i.owner() instanceof Owner.User u) {
      owner.put("type", "user");
      owner.put("user_id", u.user().id());
    } else if (i.owner() instanceof Owner.Workspace) {
      owner.put("type", "workspace");
    } else if (i.owner() instanceof Owner.Other o) {
      owner.put("type", o.type());
    }
    putNullable(n, "duplicated_template_id", i.duplicatedTemplateId());
    ObjectNode context = n.putObject("context");
    i.context().values().forEach(context::put);
    n.put("bound", i.bound());
    ObjectNode health = n.putObject("health");
    health.put("status", i.health().status().name().toLowerCase(java.util.Locale.ROOT));
    health.put("since", i.health().since().toString());
    health.put("reason", i.health().reason());
    n.put("token_version", i.tokens().version());
    n.put("has_refresh_token", i.tokens().refresh() != null);
    n.put("created_at", i.timestamps().created().toString());
    n.put("updated_at", i.timestamps().updated().toString());
    putNullable(n, "refreshed_at", i.timestamps().refreshed());
    return n;
  }

  /** A page of installations with the cursor of the next page, if any. */
  static ObjectNode list(List<Installation> page, @Nullable String nextCursor) {
    ObjectNode n = object();
    n.put("object", "list");
    ArrayNode results = n.putArray("results");
    page.forEach(i -> results.add(installation(i)));
    n.put("has_more", nextCursor != null);
    putNullable(n, "next_cursor", nextCursor);
    return n;
  }

  static ObjectNode error(int status, String code, String message) {
    ObjectNode n = object();
    n.put("object", "error");
    n.put("status", status);
    n.put("code", code);
    n.put("message", message);
    return n;
  }

  private static void putNullable(ObjectNode n, String name, @Nullable Object value) {
    if (value == null) {
      n.putNull(name);
    } else {
      n.put(name, value.toString());
    }
  }

  /** Writes {@code json} with the API's headers (never cached; no sniffing). */
  static void write(
      HttpServletRequest request, HttpServletResponse response, int status, JsonNode json)
      throws IOException {
    write(request, response, status, MAPPER.writeValueAsBytes(json));
  }

  /** Writes a JSON answer with the same security headers as every page (no body for HEAD). */
  static void write(
      HttpServletRequest request, HttpServletResponse response, int status, byte[] jsonBody)
      throws IOException {
    start(request, response, status);
    response.setContentLength(jsonBody.length);
    if (!"HEAD".equals(request.getMethod())) {
      response.getOutputStream().write(jsonBody);
    }
  }

  /** Starts a JSON answer: status, type and the same security headers as every page. */
  static void start(HttpServletRequest request, HttpServletResponse response, int status) {
    response.setStatus(status);
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    SecurityHeaders.noStore(response);
    SecurityHeaders.apply(response, request.isSecure());
  }

  /**
   * The request's body, at most {@code max} bytes (413 beyond), or empty when there is none.
   *
   * @throws Failure 413 when larger, 400 when it ends early
   */
  static byte[] body(HttpServletRequest request, int max) throws IOException {
    long declared = request.getContentLengthLong();
    if (declared > max) {
      throw new Failure(413, "payload_too_large", "The body is larger than " + max + " bytes.");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 256);
    byte[] buf = new byte[8192];
    try (InputStream in = request.getInputStream()) {
      int n;
      while ((n = in.read(buf)) > 0) {
        if (out.size() + n > max) {
          throw new Failure(413, "payload_too_large", "The body is larger than " + max + " bytes.");
        }
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      throw new Failure(400, "invalid_request", "The body could not be read.");
    }
    return out.toByteArray();
  }

  /** A JSON object body; an empty body is an empty object. */
  static ObjectNode objectBody(HttpServletRequest request, int max) throws IOException {
    byte[] raw = body(request, max);
    if (raw.length == 0) {
      return object();
    }
    try {
      JsonNode node = MAPPER.readTree(new String(raw, StandardCharsets.UTF_8));
      if (node instanceof ObjectNode o) {
        return o;
      }
    } catch (JacksonException e) {
      // below
    }
    throw new Failure(400, "invalid_json", "The body must be a JSON object.");
  }

  /** An optional text field of a body. */
  static Optional<String> text(ObjectNode body, String name) {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isString()) {
      throw new Failure(400, "invalid_request", "'" + name + "' must be a string.");
    }
    return Optional.of(v.stringValue());
  }

  /** An optional whole-number field of a body. */
  static Optional<Long> number(ObjectNode body, String name) {
    JsonNode v = body.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new Failure(400, "invalid_request", "'" + name + "' must be a whole number.");
    }
    return Optional.of(v.asLong());
  }

  /**
   * A raw query's parameters, decoded (a malformed byte becomes U+FFFD, never an exception); a name
   * given twice is refused.
   */
  static Map<String, String> query(@Nullable String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    queryAll(raw)
        .forEach(
            (name, values) -> {
              if (values.size() > 1) {
                throw new ApiJson.Failure(
                    400,
                    "invalid_request",
                    "The query parameter '" + name + "' is given more than once.");
              }
              out.put(name, values.get(0));
            });
    return out;
  }

  /** A raw query's parameters in order, a repeated name with all its values (for the proxy). */
  static Map<String, List<String>> queryAll(@Nullable String raw) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ApiJson.Failure(400, "invalid_request", "The query is not well encoded.");
    }
  }
}
