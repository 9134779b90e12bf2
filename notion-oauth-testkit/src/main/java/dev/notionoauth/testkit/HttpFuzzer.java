package dev.notionoauth.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Seeded fuzzing over real HTTP: for each route, {@link #iterations()} requests written byte by
 * byte on raw sockets (so nothing a client library would refuse is left out) — odd methods, paths
 * with dot segments and encodings, query strings with bad and duplicate encodings, oversized and
 * odd headers and cookies, bodies with wrong lengths and types, chunked bodies that break — and
 * each answer checked by the caller's property. A failure names the route, the seed and the
 * request, so it replays with {@code -Dfuzz.seed=…}; {@code -Dfuzz.http.iterations=N} changes the
 * count (default {@value #DEFAULT} per route).
 */
public final class HttpFuzzer {
  /** Requests per route when {@code fuzz.http.iterations} is not set. */
  public static final int DEFAULT = 2000;

  /**
   * A route to fuzz.
   *
   * @param name its name in reports (and in the seed)
   * @param path its path, e.g. {@code /notion/callback}
   * @param queries valid-looking query strings (without {@code ?}) to mutate; empty for none
   * @param bodies valid-looking bodies to mutate; empty for none
   * @param headers extra header lines the route understands (e.g. a signature, a cookie) to mix in
   * @param mutatePath whether the path itself is mutated (dot segments, encodings); off for routes
   *     behind a container whose own URI checks would answer instead of the route
   */
  public record Route(
      String name,
      String path,
      List<String> queries,
      List<String> bodies,
      List<String> headers,
      boolean mutatePath) {}

  /**
   * One request and its answer.
   *
   * @param request the request as sent, printable
   * @param method its method
   * @param status the answer's status, 0 when the server closed without answering
   * @param headers the answer's headers, names in lower case
   * @param body the answer's body, as text
   * @param clientEndedEarly whether the request's body was cut short by the client's half-close: a
   *     server may then close without answering, as the client has gone
   */
  public record Answer(
      String request,
      String method,
      int status,
      Map<String, List<String>> headers,
      String body,
      boolean clientEndedEarly) {
    /** A header's first value, if present. */
    public java.util.Optional<String> header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty()
          ? java.util.Optional.empty()
          : java.util.Optional.of(v.get(0));
    }
  }

  private final String host;
  private final int port;
  private final FuzzedRequests requests;

  /** A fuzzer against a server listening on {@code host:port} (plain HTTP). */
  public HttpFuzzer(String host, int port) {
    this(host, port, true);
  }

  private HttpFuzzer(String host, int port, boolean framingFuzzed) {
    this.host = host;
    this.port = port;
    this.requests = new FuzzedRequests(framingFuzzed);
  }

  /**
   * A fuzzer whose requests are well-framed HTTP (one valid Host, token methods, headers within
   * every container's limits), hostile only in what a servlet sees: the query, cookies, header
   * values, bodies and their lengths. For a servlet inside someone else's container, whose own
   * answers to broken framing are the container's, not ours.
   */
  public static HttpFuzzer wellFramed(String host, int port) {
    return new HttpFuzzer(host, port, false);
  }

  /** Requests per route. */
  public static int iterations() {
    return Integer.getInteger("fuzz.http.iterations", DEFAULT);
  }

  /**
   * Sends {@link #iterations()} requests to the route, checking each answer.
   *
   * @param extraHeader a header line added to every request (e.g. a forwarded client address that
   *     spreads requests over rate-limit buckets), or empty; called with each request's random
   * @return how many requests were sent
   */
  public int run(
      Route route,
      java.util.function.Function<Random, String> extraHeader,
      Consumer<Answer> check) {
    long seed =
        Long.getLong(
            "fuzz.seed", route.name().hashCode() * 31L + System.currentTimeMillis() / 86_400_000L);
    Random r = new Random(seed);
    int n = iterations();
    for (int i = 0; i < n; i++) {
      FuzzedRequests.Raw request = requests.next(route, r, extraHeader.apply(r));
      String printable = printable(request.bytes());
      Answer answer;
      try {
        // a body shorter than declared ends with the client's half-close: the server sees EOF at
        // once instead of waiting out its read deadline
        answer = send(request.bytes(), printable, request.endsEarly());
      } catch (IOException e) {
        throw new AssertionError(
            route.name()
                + " request "
                + i
                + " (-Dfuzz.seed="
                + seed
                + ") got no answer: "
                + e
                + "\n"
                + printable,
            e);
      }
      try {
        check.accept(answer);
      } catch (Throwable t) {
        throw new AssertionError(
            route.name()
                + " request "
                + i
                + " (-Dfuzz.seed="
                + seed
                + ") answered "
                + answer.status()
                + ":\n"
                + printable
                + "\n--- answer body ---\n"
                + answer.body().substring(0, Math.min(answer.body().length(), 500)),
            t);
      }
    }
    System.out.println("http fuzz " + route.name() + ": " + n + " requests, seed " + seed);
    return n;
  }

  /**
   * What every answer of ours must be, whatever was sent: an answer at all; no 5xx but a 503 that
   * says when to come back ({@code Retry-After}); no stack trace or exception name; the security
   * headers of every page (a script-free CSP that forbids framing, no sniffing, no referrer to
   * another site, no server version); no body for HEAD (but in a 400 to a request the server could
   * not parse, whose method it does not know).
   */
  public static void assertSafe(Answer a) {
    assertSafeInAContainer(a);
    if (a.header("server").isPresent() || a.header("x-powered-by").isPresent()) {
      throw new AssertionError("the answer names the server");
    }
  }

  /**
   * {@link #assertSafe} for routes mounted in someone else's container, which decides itself
   * whether it names itself in a {@code Server} header.
   */
  public static void assertSafeInAContainer(Answer a) {
    if (a.status() == 0) {
      if (a.clientEndedEarly()) {
        return;
      }
      throw new AssertionError("no answer");
    }
    if (a.status() >= 500 && !(a.status() == 503 && a.header("retry-after").isPresent())) {
      throw new AssertionError("a " + a.status() + " answer");
    }
    for (String trace :
        List.of("Exception", "\tat ", "at org.", "at java.", "at dev.notionoauth")) {
      if (a.body().contains(trace)) {
        throw new AssertionError("the answer shows a stack trace (" + trace + ")");
      }
    }
    String csp = a.header("content-security-policy").orElse("");
    if (!csp.contains("frame-ancestors 'none'") || csp.contains("unsafe-eval")) {
      throw new AssertionError("Content-Security-Policy missing or weak: " + csp);
    }
    expect(a, "x-frame-options", "DENY");
    expect(a, "x-content-type-options", "nosniff");
    // no-referrer, or same-origin where a page's forms need their Origin sent (the console):
    // either way nothing reaches another site
    if (!a.header("referrer-policy")
        .map(v -> v.equalsIgnoreCase("no-referrer") || v.equalsIgnoreCase("same-origin"))
        .orElse(false)) {
      throw new AssertionError(
          "referrer-policy should be no-referrer, was " + a.header("referrer-policy"));
    }
    // a request the server could not parse (400) is not known to be HEAD: it may get a page
    if (a.method().equals("HEAD") && a.status() != 400 && !a.body().isEmpty()) {
      throw new AssertionError("a body in the answer to HEAD");
    }
  }

  private static void expect(Answer a, String header, String value) {
    if (!a.header(header).map(value::equalsIgnoreCase).orElse(false)) {
      throw new AssertionError(header + " should be " + value + ", was " + a.header(header));
    }
  }

  private Answer send(byte[] request, String printable, boolean halfClose) throws IOException {
    String method = printable.substring(0, Math.max(0, printable.indexOf(' ')));
    try (Socket s = new Socket(host, port)) {
      s.setSoTimeout(15_000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(request);
        out.flush();
        if (halfClose) {
          s.shutdownOutput();
        }
      } catch (IOException e) {
        // the server answered and closed before taking the whole request: read what it said
      }
      return parse(readAll(s.getInputStream()), printable, method, halfClose);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    try {
      int n;
      while ((n = in.read(buf)) >= 0) {
        got.write(buf, 0, n);
      }
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException e) {
      // reset after the answer: keep what arrived
    }
    return got.toByteArray();
  }

  private static Answer parse(byte[] raw, String request, String method, boolean endedEarly) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    // interim answers (100 Continue) come first: the final one follows
    while (text.startsWith("HTTP/1.1 1") && text.indexOf("\r\n\r\n") > 0) {
      int skip = text.indexOf("\r\n\r\n") + 4;
      text = text.substring(skip);
      raw = java.util.Arrays.copyOfRange(raw, skip, raw.length);
    }
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.1 ") || end < 0) {
      return new Answer(request, method, 0, Map.of(), text, endedEarly);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].substring(9, 12));
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers
            .computeIfAbsent(
                lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                k -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).trim());
      }
    }
    int length = raw.length - end - 4;
    List<String> declared = headers.get("content-length");
    if (declared != null && declared.size() == 1 && declared.get(0).matches("[0-9]{1,9}")) {
      length = Math.min(length, Integer.parseInt(declared.get(0))); // one answer, not the next
    }
    String body = new String(raw, end + 4, length, StandardCharsets.UTF_8);
    return new Answer(request, method, status, headers, body, endedEarly);
  }

  private static String printable(byte[] request) {
    String s = new String(request, 0, Math.min(request.length, 1500), StandardCharsets.ISO_8859_1);
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      out.append(c == '\n' ? "\n" : c < 0x20 || c > 0x7e ? String.format("\\x%02x", (int) c) : c);
    }
    return out.toString();
  }
}
