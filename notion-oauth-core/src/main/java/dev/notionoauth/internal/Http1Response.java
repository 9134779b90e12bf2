package dev.notionoauth.internal;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 answer read off a connection by {@link Http1Client}: strict (RFC 9112), bounded and
 * whole. A status line, at most {@value #MAX_HEADERS} header lines of at most {@value #MAX_LINE}
 * bytes, then a body by {@code Transfer-Encoding: chunked}, {@code Content-Length} or (neither) up
 * to the close, never past the caller's cap. Anything it cannot read unambiguously is {@link
 * Malformed}, and the connection it came on is never used again.
 *
 * @param status the status code
 * @param headers the headers, names case-insensitive
 * @param body the body (empty for none)
 * @param reusable whether the connection may carry another request (the answer ended where its
 *     framing said, and neither side asked to close)
 */
record Http1Response(int status, Map<String, List<String>> headers, byte[] body, boolean reusable) {
  static final int MAX_LINE = 8192;
  static final int MAX_HEADERS = 128;

  /** An answer that breaks HTTP/1.1's framing or this reader's bounds. */
  static final class Malformed extends IOException {
    private static final long serialVersionUID = 1L;

    Malformed(String why) {
      super(why);
    }
  }

  /**
   * Reads one answer whole.
   *
   * @param in the connection's buffered input
   * @param head whether the request was a {@code HEAD} (no body follows)
   * @param cap the largest body accepted
   * @throws CappedBody.BodyTooLargeException the body is larger than {@code cap}
   * @throws Malformed the answer cannot be read unambiguously
   * @throws EOFException the connection closed before the answer was complete
   */
  static Http1Response read(InputStream in, boolean head, int cap) throws IOException {
    Head h = readHead(in, head, cap);
    ByteArrayOutputStream body = new ByteArrayOutputStream(h.length > 0 ? (int) h.length : 256);
    h.copyBody(in, body, cap);
    return new Http1Response(h.status, h.headers, body.toByteArray(), h.reusable);
  }

  /** How the body of an answer is framed (RFC 9112 §6.3). */
  enum Framing {
    NONE,
    LENGTH,
    CHUNKED,
    UNTIL_CLOSE
  }

  /**
   * An answer's status line and headers, read; its body still on the connection.
   *
   * @param length the {@code Content-Length} when framed by it, else -1
   * @param reusable whether the connection may carry another request once the body is read
   */
  record Head(
      int status,
      Map<String, List<String>> headers,
      Framing framing,
      long length,
      boolean reusable) {

    /**
     * Copies the body into {@code out}, never more than {@code cap} bytes.
     *
     * @throws CappedBody.BodyTooLargeException the body is larger than {@code cap} (what came
     *     before the cap may have been copied)
     */
    void copyBody(InputStream in, OutputStream out, int cap) throws IOException {
      switch (framing) {
        case NONE -> {}
        case LENGTH -> copy(in, out, length);
        case CHUNKED -> chunked(in, out, cap);
        case UNTIL_CLOSE -> untilClose(in, out, cap);
      }
    }
  }

  /**
   * Reads the status line and headers of one answer (skipping interim ones), and decides how its
   * body is framed; a declared length over {@code cap} is refused before any body byte is read.
   */
  static Head readHead(InputStream in, boolean head, int cap) throws IOException {
    while (true) {
      int status = statusLine(readLine(in));
      Map<String, List<String>> headers = headers(in);
      if (status == 101) {
        throw new Malformed("an upgrade nobody asked for");
      }
      if (status < 200) {
        continue; // an interim answer (100 Continue, 103 Early Hints): the real one follows
      }
      boolean keepAlive = !hasToken(headers.get("connection"), "close");
      if (head || status == 204 || status == 304) {
        return new Head(status, headers, Framing.NONE, -1, keepAlive);
      }
      List<String> te = headers.get("transfer-encoding");
      List<String> cl = headers.get("content-length");
      if (te != null) {
        if (!lastCodingIsChunked(te)) {
          return new Head(status, headers, Framing.UNTIL_CLOSE, -1, false);
        }
        // a length beside chunked is ignored, as RFC 9112 says, and the connection not kept
        return new Head(status, headers, Framing.CHUNKED, -1, keepAlive && cl == null);
      }
      if (cl != null) {
        long length = contentLength(cl);
        if (length > cap) {
          throw new CappedBody.BodyTooLargeException();
        }
        return new Head(status, headers, Framing.LENGTH, length, keepAlive);
      }
      return new Head(status, headers, Framing.UNTIL_CLOSE, -1, false);
    }
  }

  /** The first value of a header, if any. */
  String first(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }

  static boolean isTokenChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
  }

  private static int statusLine(String line) throws Malformed {
    // HTTP/1.x SSS[ reason]
    if (line.length() < 12
        || !line.startsWith("HTTP/1.")
        || line.charAt(8) != ' '
        || (line.length() > 12 && line.charAt(12) != ' ')) {
      throw new Malformed("not an HTTP/1.x status line");
    }
    int status = 0;
    for (int i = 9; i < 12; i++) {
      char c = line.charAt(i);
      if (c < '0' || c > '9') {
        throw new Malformed("not an HTTP/1.x status line");
      }
      status = status * 10 + (c - '0');
    }
    if (status < 100) {
      throw new Malformed("not an HTTP/1.x status line");
    }
    if (line.charAt(7) != '1') {
      throw new Malformed("only HTTP/1.1 answers are read"); // 1.0 has no chunked, other rules
    }
    return status;
  }

  private static Map<String, List<String>> headers(InputStream in) throws IOException {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int n = 0; ; n++) {
      String line = readLine(in);
      if (line.isEmpty()) {
        return headers;
      }
      if (n >= MAX_HEADERS) {
        throw new Malformed("too many header lines");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new Malformed("a header line without a name"); // also a folded line
      }
      for (int i = 0; i < colon; i++) {
        if (!isTokenChar(line.charAt(i))) {
          throw new Malformed("a header name with a character HTTP forbids");
        }
      }
      String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
      headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(line.substring(colon + 1).strip());
    }
  }

  private static boolean hasToken(@Nullable List<String> values, String token) {
    if (values == null) {
      return false;
    }
    for (String v : values) {
      for (String part : v.split(",", -1)) {
        if (part.strip().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean lastCodingIsChunked(List<String> values) {
    String last = values.get(values.size() - 1);
    String[] codings = last.split(",", -1);
    return codings[codings.length - 1].strip().equalsIgnoreCase("chunked");
  }

  private static long contentLength(List<String> values) throws Malformed {
    long length = -1;
    for (String v : values) {
      for (String part : v.split(",", -1)) {
        long one = digits(part.strip(), 10);
        if (length >= 0 && one != length) {
          throw new Malformed("two different Content-Lengths");
        }
        length = one;
      }
    }
    return length;
  }

  private static void chunked(InputStream in, OutputStream out, int cap) throws IOException {
    long total = 0;
    while (true) {
      String line = readLine(in);
      int semicolon = line.indexOf(';');
      long size = digits((semicolon < 0 ? line : line.substring(0, semicolon)).strip(), 16);
      if (size == 0) {
        headers(in); // trailers, read and dropped
        return;
      }
      total += size;
      if (total > cap) {
        throw new CappedBody.BodyTooLargeException();
      }
      copy(in, out, size);
      if (!readLine(in).isEmpty()) {
        throw new Malformed("a chunk longer than its size");
      }
    }
  }

  private static void untilClose(InputStream in, OutputStream out, int cap) throws IOException {
    byte[] buffer = new byte[8192];
    long total = 0;
    for (int n; (n = in.read(buffer)) >= 0; ) {
      total += n;
      if (total > cap) {
        throw new CappedBody.BodyTooLargeException();
      }
      out.write(buffer, 0, n);
    }
  }

  /** Exactly {@code length} bytes, in pieces as they arrive. */
  private static void copy(InputStream in, OutputStream out, long length) throws IOException {
    byte[] buffer = new byte[(int) Math.min(8192, Math.max(1, length))];
    for (long left = length; left > 0; ) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new EOFException("the answer ended before its length");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  /** Hex or decimal digits only (no sign, no space), at most 15 of them. */
  private static long digits(String s, int radix) throws Malformed {
    if (s.isEmpty() || s.length() > 15) {
      throw new Malformed("not a length");
    }
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      int d = Character.digit(s.charAt(i), radix);
      if (d < 0) {
        throw new Malformed("not a length");
      }
      n = n * radix + d;
    }
    return n;
  }

  /** One line without its CRLF (a bare LF is accepted, as RFC 9112 allows), ISO-8859-1. */
  private static String readLine(InputStream in) throws IOException {
    byte[] line = new byte[128];
    int n = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the answer ended inside a line");
      }
      if (b == '\n') {
        if (n > 0 && line[n - 1] == '\r') {
          n--;
        }
        return new String(line, 0, n, StandardCharsets.ISO_8859_1);
      }
      if (n == MAX_LINE) {
        throw new Malformed("a line longer than " + MAX_LINE + " bytes");
      }
      if (n == line.length) {
        line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE, n * 2));
      }
      line[n++] = (byte) b;
    }
  }
}
