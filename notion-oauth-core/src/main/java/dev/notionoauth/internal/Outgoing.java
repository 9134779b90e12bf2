package dev.notionoauth.internal;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request to Notion's API as {@link NotionTransport} sends it, whichever client carries it:
 * method, absolute URI, headers in order, and the body if any. Header names and values are checked
 * here, once, so that no value (a caller's {@code Notion-Version}, say) can split a request.
 *
 * @param method the method, upper case
 * @param uri the absolute URI (the API base, the path and the raw query)
 * @param headers the headers, in order; never {@code Host}, {@code Content-Length} or {@code
 *     Connection}, which the client sets
 * @param body the body, or null for none
 */
public record Outgoing(
    String method, URI uri, Map<String, String> headers, byte @Nullable [] body) {
  /** Checks every header and copies the map, keeping its order. */
  public Outgoing {
    headers.forEach(Outgoing::checkHeader);
    headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** The path and query as sent on the request line ({@code /v1/search?x=1}). */
  public String target() {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  /** The same request for the JDK client, with this attempt's timeout. */
  HttpRequest toJdk(Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
    headers.forEach(b::header);
    byte[] bytes = body;
    return b.method(
            method,
            bytes == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(bytes))
        .build();
  }

  private static void checkHeader(String name, String value) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("an empty header name");
    }
    for (int i = 0; i < name.length(); i++) {
      if (!Http1Response.isTokenChar(name.charAt(i))) {
        throw new IllegalArgumentException("a header name with a character HTTP forbids");
      }
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n' || c == 0 || c > 0xFF) {
        throw new IllegalArgumentException(
            "the value of header " + name + " has a forbidden character");
      }
    }
    String lower = name.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("host")
        || lower.equals("content-length")
        || lower.equals("connection")
        || lower.equals("transfer-encoding")) {
      throw new IllegalArgumentException("header " + name + " is set by the client");
    }
  }

  @Override
  public String toString() {
    return "Outgoing[" + method + " " + uri.getRawPath() + "]"; // never a header or the body
  }
}
