package dev.notionoauth;

import dev.notionoauth.internal.QueryString;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One call to Notion's API, made for an installation by {@link NotionApi#send}: a method, a path
 * under {@code /v1/}, query parameters, an optional JSON body and an optional {@code
 * Notion-Version} for this call only.
 *
 * <pre>{@code
 * NotionRequest.get("/v1/users/me")
 * NotionRequest.post("/v1/search", "{\"query\":\"Roadmap\"}").withNotionVersion("2025-09-03")
 * NotionRequest.get("/v1/blocks/" + pageId + "/children").withQuery("page_size", "100")
 * }</pre>
 *
 * @param method {@code GET}, {@code POST}, {@code PATCH} or {@code DELETE}
 * @param path the path, e.g. {@code /v1/pages/59833787-2cf9-4fdf-8782-e53db20768a5}
 * @param query query parameters in order, each with its values in order (a name may repeat, as in
 *     Notion's {@code filter_properties=a&filter_properties=b}); encoded when sent
 * @param jsonBody the JSON body, or null for none
 * @param notionVersion this call's {@code Notion-Version}, or null for the configured one
 */
public record NotionRequest(
    String method,
    String path,
    Map<String, List<String>> query,
    @Nullable String jsonBody,
    @Nullable String notionVersion) {

  private static final Set<String> METHODS = Set.of("GET", "POST", "PATCH", "DELETE");

  /** A path segment of Notion's API: ids, names, dashes; no dots, so no {@code ..}. */
  private static final Pattern PATH = Pattern.compile("/v1(/[A-Za-z0-9_-]+)+");

  /** Checks the method and the path (an API path only: never a host, a query or {@code ..}). */
  public NotionRequest {
    method = method.toUpperCase(Locale.ROOT);
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException("method must be GET, POST, PATCH or DELETE");
    }
    if (!PATH.matcher(path).matches()) {
      throw new IllegalArgumentException(
          "path must be an API path like /v1/pages/<id> (letters, digits, '-', '_' segments)");
    }
    Map<String, List<String>> copy = new LinkedHashMap<>();
    query.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    query = Collections.unmodifiableMap(copy);
    if (notionVersion != null) {
      NotionOAuthSettings.checkVersion(notionVersion);
    }
  }

  /** {@code GET path}. */
  public static NotionRequest get(String path) {
    return new NotionRequest("GET", path, Map.of(), null, null);
  }

  /** {@code DELETE path}. */
  public static NotionRequest delete(String path) {
    return new NotionRequest("DELETE", path, Map.of(), null, null);
  }

  /** {@code POST path} with a JSON body. */
  public static NotionRequest post(String path, String jsonBody) {
    return new NotionRequest("POST", path, Map.of(), jsonBody, null);
  }

  /** {@code PATCH path} with a JSON body. */
  public static NotionRequest patch(String path, String jsonBody) {
    return new NotionRequest("PATCH", path, Map.of(), jsonBody, null);
  }

  /** The same call with one more query parameter (a name given again adds a value). */
  public NotionRequest withQuery(String name, String value) {
    Map<String, List<String>> more = new LinkedHashMap<>(query);
    List<String> values = new ArrayList<>(more.getOrDefault(name, List.of()));
    values.add(value);
    more.put(name, values);
    return new NotionRequest(method, path, more, jsonBody, notionVersion);
  }

  /** The same call with its own {@code Notion-Version}. */
  public NotionRequest withNotionVersion(String version) {
    return new NotionRequest(method, path, query, jsonBody, version);
  }

  /**
   * Whether repeating the call is harmless ({@code GET}, {@code DELETE}): only those are repeated
   * after a failure that may have reached Notion. A {@code POST} or {@code PATCH} is repeated only
   * when Notion certainly did not process it (401 before a refresh, 429/529, no connection).
   */
  public boolean idempotent() {
    return method.equals("GET") || method.equals("DELETE");
  }

  /** The path and encoded query, e.g. {@code /v1/search?page_size=10}. */
  public String target() {
    if (query.isEmpty()) {
      return path;
    }
    StringBuilder b = new StringBuilder(path).append('?');
    query.forEach(
        (k, values) -> {
          for (String v : values) {
            if (b.charAt(b.length() - 1) != '?') {
              b.append('&');
            }
            b.append(QueryString.encode(k)).append('=').append(QueryString.encode(v));
          }
        });
    return b.toString();
  }

  /** Prints method and path only: a body may hold user content. */
  @Override
  public String toString() {
    return "NotionRequest[" + method + " " + path + "]";
  }
}
