package dev.notionoauth.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * The requests {@link HttpFuzzer} sends, written byte by byte: odd methods, paths with dot segments
 * and encodings, query strings with bad and duplicate encodings, oversized and odd headers and
 * cookies, bodies with wrong lengths and types, chunked bodies that break. Well-framed mode keeps
 * the HTTP framing valid (for a servlet inside someone else's container) and fuzzes only what a
 * servlet sees.
 */
final class FuzzedRequests {
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

  private final boolean framingFuzzed;

  FuzzedRequests(boolean framingFuzzed) {
    this.framingFuzzed = framingFuzzed;
  }

  /** A request's bytes, and whether its body is shorter than it declares. */
  record Raw(byte[] bytes, boolean endsEarly) {}

  /** A new request for a route. */
  Raw next(HttpFuzzer.Route route, Random r, String extraHeader) {
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

  private static byte[] body(HttpFuzzer.Route route, Random r) {
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
}
