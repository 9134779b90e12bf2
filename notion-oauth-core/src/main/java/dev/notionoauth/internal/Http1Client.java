package dev.notionoauth.internal;

import dev.notionoauth.NotionAnswerSink;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.jspecify.annotations.Nullable;

/**
 * Blocking HTTP/1.1 to one origin (Notion's API base) over pooled keep-alive sockets: the calling
 * thread writes the request and reads the answer itself. It carries the API calls ({@link
 * dev.notionoauth.NotionApi}, so every call of the Notion proxy); the OAuth calls stay on the JDK
 * client.
 *
 * <p>Why ours and not a library's: the JDK client hands each exchange to its selector thread and
 * back, and on a two-core machine those hand-offs cost as much as the proxied request itself. The
 * same bare Jetty proxy in front of the same stand-in reached 0.32 of the stand-in's direct rate
 * with the JDK client, 0.41 with Apache HttpClient 5 (classic, pooled) and 0.69 with this blocking
 * exchange (nginx: 0.68; docs/performance.md). What it needs is small and strict: one origin, no
 * redirects, no proxy, no HTTP/2, bodies whole within a cap ({@link Http1Response}).
 *
 * <p>Outcomes are the transport's: a connection that could not be opened, or a pooled one found
 * closed before a single byte of an answer, is {@link NotionTransport.Attempt.NotSent} (nothing was
 * processed); anything else that ends without a whole answer is {@link
 * NotionTransport.Attempt.Lost}. TLS verifies the certificate and the host name. The deadline
 * covers connecting, writing and the whole answer.
 */
public final class Http1Client {
  /** How much of a relayed answer is held before the sink is opened. */
  static final int HOLD_BYTES = 64 * 1024;

  /** Idle connections kept for reuse at most. */
  static final int MAX_IDLE = 64;

  /** An idle connection older than this is closed instead of reused. */
  static final Duration MAX_IDLE_TIME = Duration.ofSeconds(20);

  private final String host;
  private final int port;
  private final String hostHeader;
  private final @Nullable SSLContext tls;
  private final Duration connectTimeout;
  private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger idleCount = new AtomicInteger();

  /**
   * A client of {@code origin}'s scheme, host and port (its path is ignored).
   *
   * @param tls the TLS context for {@code https} (the JDK's default trust when null)
   * @throws IllegalArgumentException not an http or https URI with a host
   */
  public Http1Client(URI origin, Duration connectTimeout, @Nullable SSLContext tls) {
    String scheme = origin.getScheme() == null ? "" : origin.getScheme().toLowerCase();
    if (!scheme.equals("http") && !scheme.equals("https") || origin.getHost() == null) {
      throw new IllegalArgumentException("not an http(s) origin: " + origin.getScheme());
    }
    boolean secure = scheme.equals("https");
    this.host = origin.getHost();
    int defaultPort = secure ? 443 : 80;
    this.port = origin.getPort() < 0 ? defaultPort : origin.getPort();
    this.hostHeader = origin.getPort() < 0 ? origin.getRawAuthority() : host + ":" + port;
    this.tls = secure ? tlsOrDefault(tls) : null;
    this.connectTimeout = connectTimeout;
  }

  /**
   * One exchange, within {@code timeout}, the answer capped at {@code maxResponseBytes}; with a
   * {@code sink}, a 2xx answer's body is copied there as it arrives.
   *
   * @throws IllegalArgumentException the request is for another origin
   */
  public NotionTransport.Attempt send(
      Outgoing request, Duration timeout, int maxResponseBytes, @Nullable NotionAnswerSink sink) {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] head = head(request);
    Connection c = takeIdle();
    boolean reused = c != null;
    if (c == null) {
      try {
        c = open(deadline);
      } catch (IOException e) {
        return e instanceof SocketTimeoutException && System.nanoTime() - deadline >= 0
            ? new NotionTransport.Attempt.Lost("no connection in time", true, null)
            : new NotionTransport.Attempt.NotSent(e.getClass().getSimpleName(), false, e);
      }
    }
    ExchangeDeadlines.Watched watched = ExchangeDeadlines.watch(c.socket, deadline);
    Http1Response.Head answer;
    ByteArrayOutputStream whole = new ByteArrayOutputStream(256);
    @Nullable HeldSink held = null;
    try {
      c.input.received = 0;
      c.out.write(head);
      byte[] requestBody = request.body();
      if (requestBody != null) {
        c.out.write(requestBody);
      }
      c.out.flush();
      answer = Http1Response.readHead(c.in, request.method().equals("HEAD"), maxResponseBytes);
      if (sink != null && answer.status() >= 200 && answer.status() < 300) {
        held = new HeldSink(sink, answer);
        answer.copyBody(c.in, held, maxResponseBytes);
        held.finish();
      } else {
        answer.copyBody(c.in, whole, maxResponseBytes);
      }
    } catch (RuntimeException e) { // a sink's own failure: the exchange ends with it
      ExchangeDeadlines.end(watched);
      c.close();
      throw e;
    } catch (CappedBody.BodyTooLargeException e) {
      ExchangeDeadlines.end(watched);
      c.close();
      return held != null && held.opened
          ? new NotionTransport.Attempt.Cut("larger than the cap")
          : new NotionTransport.Attempt.TooLarge();
    } catch (IOException e) {
      boolean late = !ExchangeDeadlines.end(watched) || System.nanoTime() - deadline >= 0;
      c.close();
      if (held != null && held.opened) {
        return new NotionTransport.Attempt.Cut(
            late ? "no complete answer in time" : e.getClass().getSimpleName());
      }
      if (late) {
        return new NotionTransport.Attempt.Lost("no complete answer in time", true, null);
      }
      if (reused && c.input.received == 0) {
        // the server had closed this idle connection: it read nothing of ours
        return new NotionTransport.Attempt.NotSent(e.getClass().getSimpleName(), true, e);
      }
      return new NotionTransport.Attempt.Lost(e.getClass().getSimpleName(), false, e);
    }
    // an answer read whole just as the deadline cut the socket is still the answer
    if (ExchangeDeadlines.end(watched) && answer.reusable()) {
      giveBack(c);
    } else {
      c.close();
    }
    return new NotionTransport.Attempt.Answer(
        answer.status(),
        HttpHeaders.of(answer.headers(), (name, value) -> true),
        new String(whole.toByteArray(), StandardCharsets.UTF_8));
  }

  private byte[] head(Outgoing request) {
    URI uri = request.uri();
    if (!host.equalsIgnoreCase(uri.getHost()) || port != effectivePort(uri)) {
      throw new IllegalArgumentException("a request for another origin than Notion's API base");
    }
    StringBuilder b = new StringBuilder(256);
    b.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
    b.append("Host: ").append(hostHeader).append("\r\n");
    request.headers().forEach((k, v) -> b.append(k).append(": ").append(v).append("\r\n"));
    byte[] body = request.body();
    if (body != null) {
      b.append("Content-Length: ").append(body.length).append("\r\n");
    }
    return b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private int effectivePort(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private @Nullable Connection takeIdle() {
    long now = System.nanoTime();
    for (Connection c; (c = idle.pollFirst()) != null; ) {
      idleCount.decrementAndGet();
      if (now - c.idleSince < MAX_IDLE_TIME.toNanos() && !c.socket.isClosed()) {
        return c;
      }
      c.close();
    }
    return null;
  }

  private void giveBack(Connection c) {
    if (idleCount.incrementAndGet() > MAX_IDLE) {
      idleCount.decrementAndGet();
      c.close();
      return;
    }
    c.idleSince = System.nanoTime();
    idle.offerFirst(c); // the most recently used first: the others age out
  }

  private Connection open(long deadline) throws IOException {
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    int connectMillis = (int) Math.max(1, Math.min(left, connectTimeout.toMillis()));
    Socket socket = new Socket();
    try {
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), connectMillis);
      if (tls != null) {
        SSLSocket secure =
            (SSLSocket) tls.getSocketFactory().createSocket(socket, host, port, true);
        SSLParameters params = secure.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS"); // the name must match the certificate
        secure.setSSLParameters(params);
        secure.setSoTimeout(connectMillis);
        secure.startHandshake();
        secure.setSoTimeout(0); // from here the exchange's deadline rules (ExchangeDeadlines)
        socket = secure;
      }
      return new Connection(socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  private static SSLContext tlsOrDefault(@Nullable SSLContext tls) {
    if (tls != null) {
      return tls;
    }
    try {
      return SSLContext.getDefault();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no default TLS context", e);
    }
  }

  /**
   * A sink opened only once {@value #HOLD_BYTES} bytes of the answer have come, or when it ends: an
   * answer that breaks off before has passed nothing on, so the call may still be repeated (a
   * {@code GET} after a lost connection) and most answers, being small, reach the sink whole.
   */
  private static final class HeldSink extends OutputStream {
    private final NotionAnswerSink sink;
    private final Http1Response.Head answer;
    private final ByteArrayOutputStream held = new ByteArrayOutputStream(1024);
    private @Nullable OutputStream out;
    boolean opened;

    HeldSink(NotionAnswerSink sink, Http1Response.Head answer) {
      this.sink = sink;
      this.answer = answer;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      OutputStream o = out;
      if (o != null) {
        o.write(b, off, len);
        return;
      }
      held.write(b, off, len);
      if (held.size() >= HOLD_BYTES) {
        finish();
      }
    }

    /** Opens the sink if it is not yet, and passes on what was held. */
    void finish() throws IOException {
      if (out == null) {
        opened = true;
        OutputStream o = sink.open(answer.status(), answer.headers());
        out = o;
        held.writeTo(o);
      }
    }
  }

  /** One socket, its buffered streams and the input's deadline. */
  private static final class Connection {
    final Socket socket;
    final CountingInput input;
    final InputStream in;
    final OutputStream out;
    long idleSince;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.input = new CountingInput(socket);
      this.in = new BufferedInputStream(input, 8192);
      this.out = new java.io.BufferedOutputStream(socket.getOutputStream(), 8192);
    }

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing is all we wanted
      }
    }
  }

  /**
   * The socket's input, counting what arrived: a pooled connection that got no byte was never read.
   */
  private static final class CountingInput extends FilterInputStream {
    long received;

    CountingInput(Socket socket) throws IOException {
      super(socket.getInputStream());
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        received += n;
      } else if (n < 0 && received == 0) {
        throw new EOFException("closed before any answer");
      }
      return n;
    }
  }
}
