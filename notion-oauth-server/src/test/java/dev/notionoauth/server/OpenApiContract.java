package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Holds every API test's requests and answers to the OpenAPI document the server serves: the route
 * and method must be documented (else the answer must be 405 or 404), the status must be one the
 * operation documents, and request and answer bodies must match their schemas (checked by
 * networknt's validator with the OpenAPI 3.1 dialect). So the document cannot drift from the code.
 * Only a 400 that Jetty itself gives an ambiguous URI (not JSON, before any route) is exempt.
 */
final class OpenApiContract {
  private static final String RESOURCE = "dev/notionoauth/servlet/openapi.json";
  private static final JsonNode DOCUMENT = load();
  private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDialect(Dialects.getOpenApi31());
  private static final Map<String, Schema> CACHE = new ConcurrentHashMap<>();

  private OpenApiContract() {}

  private static JsonNode load() {
    try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      return JsonMapper.builder().build().readTree(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The documented path template a concrete path matches, if any. */
  static Optional<String> template(String path) {
    for (var e : DOCUMENT.get("paths").properties()) {
      String regex =
          e.getKey()
              .replace(".", "\\.")
              .replace("{path}", ".+")
              .replaceAll("\\{[a-z_]+\\}", "[^/]+");
      if (path.matches(regex)) {
        return Optional.of(e.getKey());
      }
    }
    return Optional.empty();
  }

  /** Checks one exchange with the API against the document. */
  static void check(
      URI uri, String method, String requestBody, int status, String contentType, String answer) {
    String path = uri.getRawPath();
    if (status == 400 && !contentType.startsWith("application/json")) {
      return; // Jetty refused the URI itself (an ambiguous path) before any API route saw it
    }
    Optional<String> template = template(path);
    JsonNode operation =
        template
            .map(t -> DOCUMENT.get("paths").get(t).get(method.toLowerCase(Locale.ROOT)))
            .orElse(null);
    if (operation == null) {
      assertThat(status)
          .as("%s %s is not in the OpenAPI document: only 404 or 405 may answer it", method, path)
          .isIn(404, 405, 400);
      validate("#/components/schemas/Error", answer, method + " " + path);
      return;
    }
    String op = "#/paths/" + escape(template.get()) + "/" + method.toLowerCase(Locale.ROOT);
    if (requestBody != null
        && !requestBody.isBlank()
        && operation.has("requestBody")
        && status < 400) {
      validate(
          op + "/requestBody/content/application~1json/schema", requestBody, method + " " + path);
    }
    JsonNode responses = operation.get("responses");
    String code = Integer.toString(status);
    String pointer;
    if (responses.has(code)) {
      pointer = op + "/responses/" + code;
    } else {
      assertThat(responses.has("default"))
          .as(
              "%s %s answered %d, which the OpenAPI document does not list",
              method, template.get(), status)
          .isTrue();
      pointer = op + "/responses/default";
    }
    JsonNode response = at(pointer);
    if (response.has("$ref")) {
      pointer = response.get("$ref").stringValue();
      response = at(pointer);
    }
    if (response.has("content")
        && response.get("content").has("application/json")
        && !answer.isEmpty()) {
      validate(
          pointer + "/content/application~1json/schema",
          answer,
          method + " " + path + " → " + status);
    }
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static JsonNode at(String pointer) {
    return DOCUMENT.at(pointer.substring(1));
  }

  private static void validate(String pointer, String json, String what) {
    Schema schema =
        CACHE.computeIfAbsent(
            pointer, p -> SCHEMAS.getSchema(SchemaLocation.of("classpath:" + RESOURCE + p)));
    List<Error> errors = schema.validate(json, InputFormat.JSON);
    assertThat(errors)
        .as("%s against the OpenAPI document (%s): %s", what, pointer, json)
        .isEmpty();
  }
}
