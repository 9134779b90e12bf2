package dev.notionoauth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP response in container-neutral form, as a {@link dev.notionoauth.spi.ResponseView} builds
 * it and an adapter (servlet, server) writes it. Security headers the reply does not set itself are
 * added by the adapter.
 *
 * @param status the HTTP status
 * @param headers header names to values (one value each)
 * @param body the body text, written as UTF-8
 */
public record HttpReply(int status, Map<String, String> headers, String body) {
  /** Validates the status and copies the headers. */
  public HttpReply {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be 100-599");
    }
    for (Map.Entry<String, String> h : headers.entrySet()) {
      if (!h.getKey().matches("[A-Za-z0-9-]+")
          || h.getValue().indexOf('\r') >= 0
          || h.getValue().indexOf('\n') >= 0) {
        throw new IllegalArgumentException("invalid header name or value");
      }
    }
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** An HTML page. */
  public static HttpReply html(int status, String html) {
    return new HttpReply(status, Map.of("Content-Type", "text/html; charset=UTF-8"), html);
  }

  /** A copy with one more header (replacing one of the same name). */
  public HttpReply withHeader(String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(headers);
    copy.put(name, value);
    return new HttpReply(status, copy, body);
  }
}
