package dev.notionoauth.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * A minimal browser over the JDK client: keeps the cookies servers set (per host, ignoring
 * attributes), sends them back, and follows nothing by itself so tests see every hop.
 */
final class TestBrowser {
  private final HttpClient http;
  private final Map<String, Map<String, String>> cookies = new LinkedHashMap<>();
  private Duration patience = Duration.ofSeconds(20);

  TestBrowser() {
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  TestBrowser(SSLContext ssl) {
    this.http =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .sslContext(ssl)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  HttpResponse<String> get(URI uri, String... headers) {
    return send(HttpRequest.newBuilder(uri).GET(), uri, headers);
  }

  HttpResponse<String> send(String method, URI uri, String... headers) {
    return send(
        HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()),
        uri,
        headers);
  }

  private HttpResponse<String> send(HttpRequest.Builder b, URI uri, String... headers) {
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    Map<String, String> jar = cookies.get(uri.getHost());
    if (jar != null && !jar.isEmpty()) {
      b.header(
          "Cookie",
          jar.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("; ")));
    }
    try {
      HttpResponse<String> r =
          http.send(b.timeout(patience).build(), HttpResponse.BodyHandlers.ofString());
      for (String set : r.headers().allValues("set-cookie")) {
        String pair = set.split(";", 2)[0];
        int eq = pair.indexOf('=');
        cookies
            .computeIfAbsent(uri.getHost(), h -> new LinkedHashMap<>())
            .put(pair.substring(0, eq), pair.substring(eq + 1));
      }
      return r;
    } catch (Exception e) {
      throw new IllegalStateException("request to " + uri.getPath() + " failed", e);
    }
  }

  /**
   * Opens the server's install route; returns where it sends the browser (Notion's authorize URL).
   */
  URI install(URI base) {
    return URI.create(
        get(base.resolve("/notion/install")).headers().firstValue("location").orElseThrow());
  }

  /** Follows one redirect's Location, relative or absolute. */
  HttpResponse<String> follow(HttpResponse<String> redirect) {
    String location = redirect.headers().firstValue("location").orElseThrow();
    return get(redirect.uri().resolve(location));
  }

  /** How long to wait for an answer before giving up (closing the connection). */
  void giveUpAfter(Duration value) {
    this.patience = value;
  }

  List<String> cookieNames(String host) {
    return List.copyOf(cookies.getOrDefault(host, Map.of()).keySet());
  }

  void forgetCookies() {
    cookies.clear();
  }
}
