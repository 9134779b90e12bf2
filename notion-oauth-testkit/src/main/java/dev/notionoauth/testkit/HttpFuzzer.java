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

  private static final String[] METHODS = {
    "GET",
    "GET",
    "GET",
    "POST",
    "POST",
    "HEAD",
    "PUT",
    "DELETE",
    "OPTIONS",
    "PATCH",
    "TRACE",
    "get",
    "PROPFIND",
    "G\u00e9T",
    "CONNECT"
  };

  private static final String[] QUERY_TOKENS = {
    "%zz",
    "%",
    "%2",
    "%00",
    "%E9",
    "%C3%28",
    "%FF%FE",
    "%2F",
    "%2e%2e",
    "+",
    "=",
    "&",
    "&&",
    "==",
    "state=",
    "code=",
    "error=",
    "state=a&state=b",
    "code=x&code=y",
    "error=access_denied",
    "%u0041",
    "\u00e9",
    "<script>",
    "\"",
    "'",
    ";",
    "#frag",
    "A".repeat(300)
  };

  private static final String[] PATH_SUFFIXES = {
    "",
    "",
    "",
    "/",
    "/..",
    "/../..",
    "/./",
    "/%2e%2e/",
    "/%2F",
    "%2F..",
    ";jsessionid=1",
    "/%00",
    "//",
    "/x",
    "%",
    "%zz",
    "/%C0%AE%C0%AE/",
    "/\u00e9",
    "?",
    "/../healthz",
    "/.%2e/",
    "%20"
  };

  private static final String[] CONTENT_TYPES = {
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data",
    "application/json; charset=utf-16",
    "",
    "*/*",
    "application/json\u0000",
    "x/y; a=\"b"
  };

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
   */
  public record Answer(
      String request, String method, int status, Map<String, List<String>> headers, String body) {
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
  private final boolean framingFuzzed;

  /** A fuzzer against a server listening on {@code host:port} (plain HTTP). */
  public HttpFuzzer(String host, int port) {
    this(host, port, true);
  }

  private HttpFuzzer(String host, int port, boolean framingFuzzed) {
    this.host = host;
    this.port = port;
    this.framingFuzzed = framingFuzzed;
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
      Raw request = request(route, r, extraHeader.apply(r));
      String printable = printable(request.bytes());
      Answer answer;
      try {
        // a body shorter than declared ends with the client's half-close: the server sees EOF at
        // once instead of waiting out its read deadline
        answer = send(request.bytes(), printable, request.endsEarly() || r.nextInt(20) == 0);
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
   * headers of every page (a script-free CSP that forbids framing, no sniffing, no referrer, no
   * server version); no body for HEAD (but in a 400 to a request the server could not parse, whose
   * method it does not know).
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
    expect(a, "referrer-policy", "no-referrer");
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

  /** A request's bytes, and whether its body is shorter than it declares. */
  private record Raw(byte[] bytes, boolean endsEarly) {}

  private Raw request(Route route, Random r, String extraHeader) {
    String method = METHODS[r.nextInt(framingFuzzed ? METHODS.length : METHODS.length - 3)];
    StringBuilder target = new StringBuilder(route.path());
    if (route.mutatePath() && r.nextInt(3) == 0) {
      target.append(PATH_SUFFIXES[r.nextInt(PATH_SUFFIXES.length)]);
      if (r.nextInt(10) == 0) {
        target.insert(0, "/.");
      }
    }
    String query = null;
    if (!route.queries().isEmpty() && r.nextInt(5) != 0) {
      query = mutate(route.queries(), r);
    } else if (r.nextInt(10) == 0) {
      query = QUERY_TOKENS[r.nextInt(QUERY_TOKENS.length)];
    }
    if (query != null) {
      target.append('?').append(framingFuzzed ? query : legalInARequestLine(query));
    }
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    head.append(
            framingFuzzed && r.nextInt(50) == 0
                ? "Host: " + "h".repeat(r.nextInt(3000))
                : "Host: localhost")
        .append("\r\n");
    if (framingFuzzed && r.nextInt(40) == 0) {
      head.append("Host: second.example\r\n");
    }
    if (!extraHeader.isEmpty()) {
      head.append(extraHeader).append("\r\n");
    }
    for (String h : route.headers()) {
      if (r.nextInt(2) == 0) {
        String line = r.nextInt(4) == 0 ? mutateHeader(h, r) : h;
        // never a blank line: that would end the headers and start a second request
        head.append(line.isBlank() ? h : line).append("\r\n");
      }
    }
    switch (r.nextInt(12)) {
      case 0 -> {
        String cookie = mutateHeader("Cookie: noh_bind=abc; a=b", r);
        head.append(cookie.isBlank() ? "Cookie: a=b" : cookie); // a blank line ends the headers
      }
      case 1 ->
          head.append("X-Odd-Header: ").append("x".repeat(r.nextInt(framingFuzzed ? 9000 : 2000)));
      case 2 -> head.append("Accept: */*\r\nAccept: text/html");
      case 3 -> head.append("X-Forwarded-Proto: gopher");
      case 4 ->
          head.append("Content-Type: ")
              .append(CONTENT_TYPES[r.nextInt(framingFuzzed ? CONTENT_TYPES.length : 6)]);
      case 5 -> head.append(framingFuzzed ? "Expect: 100-continue" : "Accept: text/html");
      case 6 -> head.append("Range: bytes=0-1,5-");
      default -> head.append("Accept-Language: en");
    }
    head.append("\r\n");
    byte[] body = body(route, r);
    boolean chunked = body.length > 0 && r.nextInt(8) == 0;
    boolean endsEarly = false;
    boolean badChunk = framingFuzzed && r.nextInt(4) == 0;
    if (chunked) {
      head.append("Transfer-Encoding: chunked\r\n");
    } else if (body.length > 0 || r.nextInt(10) == 0) {
      long declared =
          switch (r.nextInt(10)) {
            case 0 -> body.length + 1L + r.nextInt(100); // more than sent: then EOF
            case 1 -> Math.max(0, body.length - 1 - r.nextInt(Math.max(1, body.length)));
            case 2 -> -1; // no length at all
            default -> body.length;
          };
      if (declared >= 0) {
        head.append("Content-Length: ").append(declared).append("\r\n");
      }
      endsEarly = declared > body.length;
    }
    head.append("Connection: close\r\n\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
    if (chunked) {
      String size = badChunk ? "zz" : Integer.toHexString(body.length);
      out.writeBytes((size + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.writeBytes(body);
      out.writeBytes(
          (r.nextInt(4) == 0 ? "\r\n" : "\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    } else {
      out.writeBytes(body);
    }
    return new Raw(out.toByteArray(), endsEarly || chunked);
  }

  private static byte[] body(Route route, Random r) {
    if (route.bodies().isEmpty()) {
      return r.nextInt(10) == 0 ? "x=1".getBytes(StandardCharsets.UTF_8) : new byte[0];
    }
    if (r.nextInt(10) == 0) {
      byte[] noise = new byte[r.nextInt(3000)];
      r.nextBytes(noise);
      return noise;
    }
    return mutate(route.bodies(), r).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * A query made legal in a request line: characters RFC 3986 does not allow there are
   * percent-encoded, but {@code %} stays as it is, so bad encodings such as {@code %zz} remain.
   */
  private static String legalInARequestLine(String query) {
    StringBuilder out = new StringBuilder();
    for (byte b : query.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      boolean legal =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-._~!$&'()*+,;=:@/?%".indexOf(c) >= 0;
      out.append(legal ? String.valueOf(c) : String.format("%%%02X", (int) c));
    }
    return out.toString();
  }

  /**
   * A header line mutated: anything at all when framing is fuzzed; else only its value, in
   * printable ASCII (a control character or a missing colon is the container's business).
   */
  private String mutateHeader(String line, Random r) {
    if (framingFuzzed) {
      return mutate(List.of(line), r);
    }
    int colon = line.indexOf(':');
    StringBuilder value = new StringBuilder();
    for (char c : mutate(List.of(line.substring(colon + 1)), r).toCharArray()) {
      value.append(c >= 0x20 && c < 0x7f ? c : '_');
    }
    return line.substring(0, colon + 1) + value;
  }

  private static String mutate(List<String> seeds, Random r) {
    StringBuilder s = new StringBuilder(seeds.get(r.nextInt(seeds.size())));
    int ops = r.nextInt(4);
    for (int k = 0; k < ops; k++) {
      int at = s.length() == 0 ? 0 : r.nextInt(s.length() + 1);
      switch (r.nextInt(6)) {
        case 0 -> s.insert(at, QUERY_TOKENS[r.nextInt(QUERY_TOKENS.length)]);
        case 1 -> s.insert(at, (char) (0x21 + r.nextInt(0x5e)));
        case 2 -> {
          if (s.length() > 0) {
            s.delete(Math.min(at, s.length() - 1), Math.min(s.length(), at + 1 + r.nextInt(8)));
          }
        }
        case 3 -> s.append('&').append(seeds.get(r.nextInt(seeds.size())));
        case 4 -> s.insert(at, (char) (0x80 + r.nextInt(0x2000)));
        default -> s.setLength(Math.min(s.length(), at));
      }
    }
    return s.toString();
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
      return parse(readAll(s.getInputStream()), printable, method);
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

  private static Answer parse(byte[] raw, String request, String method) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    // interim answers (100 Continue) come first: the final one follows
    while (text.startsWith("HTTP/1.1 1") && text.indexOf("\r\n\r\n") > 0) {
      int skip = text.indexOf("\r\n\r\n") + 4;
      text = text.substring(skip);
      raw = java.util.Arrays.copyOfRange(raw, skip, raw.length);
    }
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.1 ") || end < 0) {
      return new Answer(request, method, 0, Map.of(), text);
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
    return new Answer(request, method, status, headers, body);
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
