package dev.notionoauth.testkit;

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
 * The one browser of every HTTP test: requests that keep each host's cookies (name and value; every
 * cookie of the flow is {@code Path=/}) and follow no redirect, so a test sees every step. The
 * JDK's {@code CookieManager} is not used: it mishandles cookies of a dotless host such as {@code
 * localhost}. Not thread-safe: one per simulated person.
 */
public final class HttpBrowser {
  private final HttpClient http;
  private final Map<String, Map<String, String>> cookies = new LinkedHashMap<>();
  private Duration patience = Duration.ofSeconds(20);

  /** A browser over plain HTTP (and HTTPS with the JDK's trust). */
  public HttpBrowser() {
    this(null);
  }

  /** A browser trusting what {@code ssl} trusts (a test server's own certificate). */
  public HttpBrowser(@org.jspecify.annotations.Nullable SSLContext ssl) {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5));
    if (ssl != null) {
      b.sslContext(ssl);
    }
    this.http = b.build();
  }

  /** A GET with this browser's cookies for the host and any headers (name, value, …). */
  public HttpResponse<String> get(URI uri, String... headers) {
    return send(HttpRequest.newBuilder(uri).GET(), uri, headers);
  }

  /** A request of any method, without a body. */
  public HttpResponse<String> send(String method, URI uri, String... headers) {
    return send(
        HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()),
        uri,
        headers);
  }

  /**
   * A form POST ({@code application/x-www-form-urlencoded}) with this browser's cookies, the fields
   * given as name, value, … (encoded here), and any headers.
   */
  public HttpResponse<String> postForm(URI uri, java.util.List<String> fields, String... headers) {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i + 1 < fields.size(); i += 2) {
      if (body.length() > 0) {
        body.append('&');
      }
      body.append(
              java.net.URLEncoder.encode(fields.get(i), java.nio.charset.StandardCharsets.UTF_8))
          .append('=')
          .append(
              java.net.URLEncoder.encode(
                  fields.get(i + 1), java.nio.charset.StandardCharsets.UTF_8));
    }
    return send(
        HttpRequest.newBuilder(uri)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())),
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
            .put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
      }
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (Exception e) {
      throw new IllegalStateException("request to " + uri.getPath() + " failed", e);
    }
  }

  /**
   * Opens a server's install route; returns where it sends the browser (Notion's authorize URL).
   */
  public URI install(URI base) {
    return location(get(base.resolve("/notion/install")));
  }

  /** Follows one redirect's {@code Location}, relative or absolute. */
  public HttpResponse<String> follow(HttpResponse<String> redirect) {
    return get(location(redirect));
  }

  /** How long to wait for an answer before giving up (closing the connection). Default 20 s. */
  public void giveUpAfter(Duration value) {
    this.patience = value;
  }

  /** The names of the cookies kept for a host. */
  public List<String> cookieNames(String host) {
    return List.copyOf(cookies.getOrDefault(host, Map.of()).keySet());
  }

  /** Drops every cookie (a new browser profile). */
  public void forgetCookies() {
    cookies.clear();
  }

  /** Where a redirect points, resolved against the request's URI. */
  public static URI location(HttpResponse<?> redirect) {
    return redirect.uri().resolve(redirect.headers().firstValue("location").orElseThrow());
  }
}
