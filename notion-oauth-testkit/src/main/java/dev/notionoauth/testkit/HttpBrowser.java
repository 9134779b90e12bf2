package dev.notionoauth.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A browser for HTTP tests: GETs that keep each host's cookies (name and value; every cookie of the
 * flow is {@code Path=/}) and follow no redirect, so a test sees every step. The JDK's {@code
 * CookieManager} is not used: it mishandles cookies of a dotless host such as {@code localhost}.
 */
public final class HttpBrowser {
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  private final Map<String, Map<String, String>> cookies = new HashMap<>();

  /** A GET with this browser's cookies for the host; cookies it sets are kept. */
  public HttpResponse<String> get(URI uri) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri);
    Map<String, String> jar = cookies.computeIfAbsent(uri.getHost(), h -> new LinkedHashMap<>());
    if (!jar.isEmpty()) {
      List<String> pairs =
          jar.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
      request.header("Cookie", String.join("; ", pairs));
    }
    HttpResponse<String> r;
    try {
      r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    for (String set : r.headers().allValues("set-cookie")) {
      String pair = set.split(";", 2)[0];
      int eq = pair.indexOf('=');
      jar.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
    }
    return r;
  }

  /** Where a redirect points, resolved against the request's URI. */
  public static URI location(HttpResponse<?> redirect) {
    return redirect.uri().resolve(redirect.headers().firstValue("location").orElseThrow());
  }
}
