package dev.notionoauth.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notionoauth.emulator.SelfSignedCertificate;
import dev.notionoauth.internal.NotionTransport.Attempt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Http1ClientTest {
  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final int CAP = 1024;

  /** One connection's script: what the server does with it (the index counts connections). */
  interface Script {
    void run(Socket s, int index) throws Exception;
  }

  private final List<ServerSocket> servers = new ArrayList<>();
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger accepted = new AtomicInteger();

  @AfterEach
  void close() throws IOException {
    for (ServerSocket s : servers) {
      s.close();
    }
  }

  private URI serve(Script script) throws IOException {
    return serve(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), "http", script);
  }

  private URI serve(ServerSocket server, String scheme, Script script) {
    servers.add(server);
    Thread t =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket s = server.accept();
                  int index = accepted.incrementAndGet();
                  new Thread(
                          () -> {
                            try (s) {
                              script.run(s, index);
                            } catch (Exception ignored) {
                              // the client went away: the script ends
                            }
                          })
                      .start();
                } catch (IOException e) {
                  return;
                }
              }
            });
    t.setDaemon(true);
    t.start();
    return URI.create(
        scheme + "://" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort());
  }

  /** Reads one request (head and the body its Content-Length names) and records it. */
  private String readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed");
      }
      head.write(b);
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : text.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    String request = text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    requests.add(request);
    return request;
  }

  /** One {@code GET /v1/x} from a new client, with the tests' deadline and cap. */
  private static Attempt getOnce(URI base) {
    return new Http1Client(base, SECOND, null).send(get(base, "/v1/x"), SECOND, CAP, null);
  }

  /** The exchange ends as timed out, and no later than {@code within}. */
  private static void assertTimedOut(
      URI base, Outgoing request, Duration timeout, Duration within) {
    long started = System.nanoTime();
    Attempt outcome = new Http1Client(base, SECOND, null).send(request, timeout, CAP, null);
    assertThat(outcome)
        .isInstanceOfSatisfying(Attempt.Lost.class, l -> assertThat(l.timedOut()).isTrue());
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(within);
  }

  private static void write(Socket s, String answer) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(answer.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";

  private static Outgoing get(URI base, String target) {
    return new Outgoing(
        "GET", URI.create(base + target), Map.of("Authorization", "Bearer secret"), null);
  }

  private Script answering(String... answers) {
    return (s, index) -> {
      for (String answer : answers) {
        readRequest(s.getInputStream());
        write(s, answer);
      }
      s.getInputStream().read(); // until the client closes
    };
  }

  @Test
  void sendsTheRequestLineHostHeadersAndBodyThenReadsTheAnswer() throws Exception {
    URI base =
        serve(
            answering(
                "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                    + "X-Notion-Request-Id: r-1\r\nContent-Length: 11\r\n\r\n{\"ok\":true}"));
    Outgoing post =
        new Outgoing(
            "POST",
            URI.create(base + "/v1/search?page_size=2"),
            Map.of("Notion-Version", "2022-06-28"),
            "{\"query\":\"é\"}".getBytes(StandardCharsets.UTF_8));

    Attempt outcome = new Http1Client(base, SECOND, null).send(post, SECOND, CAP, null);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            Attempt.Answer.class,
            a -> {
              assertThat(a.status()).isEqualTo(201);
              assertThat(a.body()).isEqualTo("{\"ok\":true}");
              assertThat(a.requestId()).isEqualTo("r-1");
              assertThat(a.headers().firstValue("content-type")).hasValue("application/json");
            });
    assertThat(requests.get(0))
        .startsWith("POST /v1/search?page_size=2 HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\n")
        .contains("Notion-Version: 2022-06-28\r\n", "Content-Length: 14\r\n")
        .endsWith("\r\n\r\n{\"query\":\"é\"}");
  }

  @Test
  void keepsTheConnectionForTheNextCallUnlessTheAnswerSaysClose() throws Exception {
    URI base =
        serve(
            answering(
                OK, OK, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}"));
    Http1Client client = new Http1Client(base, SECOND, null);

    for (int i = 0; i < 4; i++) {
      assertThat(client.send(get(base, "/v1/users/me"), SECOND, CAP, null))
          .isInstanceOf(Attempt.Answer.class);
    }

    assertThat(accepted).as("three calls on the first connection, then a new one").hasValue(2);
  }

  @Test
  void readsAChunkedAnswerAndSkipsAnInterimOne() throws Exception {
    URI base =
        serve(
            answering(
                "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "4;ext=1\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\nTrailer: x\r\n\r\n",
                OK));
    Http1Client client = new Http1Client(base, SECOND, null);

    Attempt first = client.send(get(base, "/v1/x"), SECOND, CAP, null);
    Attempt second = client.send(get(base, "/v1/x"), SECOND, CAP, null);

    assertThat(((Attempt.Answer) first).body()).isEqualTo("{\"a\":1}");
    assertThat(second).isInstanceOf(Attempt.Answer.class);
    assertThat(accepted).as("the chunked answer ended where it said").hasValue(1);
  }

  @Test
  void anAnswerLargerThanTheCapIsTooLargeWhetherDeclaredOrChunked() throws Exception {
    String big = "x".repeat(CAP + 1);
    URI base =
        serve(
            (s, index) -> {
              readRequest(s.getInputStream());
              write(
                  s,
                  index == 1
                      ? "HTTP/1.1 200 OK\r\nContent-Length: " + big.length() + "\r\n\r\n" + big
                      : "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                          + Integer.toHexString(big.length())
                          + "\r\n"
                          + big
                          + "\r\n0\r\n\r\n");
              s.getInputStream().read();
            });
    Http1Client client = new Http1Client(base, SECOND, null);

    assertThat(client.send(get(base, "/v1/x"), SECOND, CAP, null))
        .isInstanceOf(Attempt.TooLarge.class);
    assertThat(client.send(get(base, "/v1/x"), SECOND, CAP, null))
        .isInstanceOf(Attempt.TooLarge.class);
    assertThat(accepted).as("a connection cut short is never reused").hasValue(2);
  }

  @Test
  void aLargeRelayedAnswerReachesTheSinkWhileItIsStillArriving() throws Exception {
    String first = "x".repeat(Http1Client.HOLD_BYTES + 5);
    java.util.concurrent.CountDownLatch firstPartPassedOn =
        new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean restSent =
        new java.util.concurrent.atomic.AtomicBoolean();
    URI base =
        serve(
            (s, index) -> {
              readRequest(s.getInputStream());
              write(
                  s,
                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                      + Integer.toHexString(first.length())
                      + "\r\n"
                      + first
                      + "\r\n");
              firstPartPassedOn.await(5, java.util.concurrent.TimeUnit.SECONDS);
              restSent.set(true);
              write(s, "3\r\nend\r\n0\r\n\r\n");
              s.getInputStream().read();
            });
    java.util.concurrent.atomic.AtomicBoolean restSentWhenPassedOn =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    ByteArrayOutputStream relayed =
        new ByteArrayOutputStream() {
          @Override
          public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
            if (firstPartPassedOn.getCount() > 0 && size() >= Http1Client.HOLD_BYTES) {
              restSentWhenPassedOn.set(restSent.get());
              firstPartPassedOn.countDown();
            }
          }
        };
    java.util.concurrent.atomic.AtomicInteger opened =
        new java.util.concurrent.atomic.AtomicInteger();

    Attempt outcome =
        new Http1Client(base, SECOND, null)
            .send(
                get(base, "/v1/x"),
                Duration.ofSeconds(10),
                1 << 20,
                (status, headers) -> {
                  opened.set(status);
                  return relayed;
                });

    assertThat(outcome)
        .isInstanceOfSatisfying(Attempt.Answer.class, a -> assertThat(a.body()).isEmpty());
    assertThat(opened).hasValue(200);
    assertThat(restSentWhenPassedOn).as("passed on before Notion sent the rest").isFalse();
    assertThat(relayed.toString(StandardCharsets.UTF_8)).isEqualTo(first + "end");
  }

  @Test
  void aSmallRelayedAnswerIsHeldUntilItEndsSoABrokenOneMayStillBeRepeated() throws Exception {
    URI base =
        serve(
            (s, index) -> {
              readRequest(s.getInputStream());
              write(s, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{\"a\""); // then dies
            });

    Attempt outcome =
        new Http1Client(base, SECOND, null)
            .send(
                get(base, "/v1/x"),
                SECOND,
                CAP,
                (status, headers) -> {
                  throw new AssertionError("opened");
                });

    assertThat(outcome)
        .as("nothing was passed on: a GET may be sent again")
        .isInstanceOfSatisfying(Attempt.Lost.class, l -> assertThat(l.timedOut()).isFalse());
  }

  @Test
  void anErrorIsReadWholeAndNeverRelayed() throws Exception {
    URI base = serve(answering("HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\n{\"e\":404}"));

    Attempt outcome =
        new Http1Client(base, SECOND, null)
            .send(
                get(base, "/v1/x"),
                SECOND,
                CAP,
                (status, headers) -> {
                  throw new AssertionError("opened for a " + status);
                });

    assertThat(((Attempt.Answer) outcome).body()).isEqualTo("{\"e\":404}");
  }

  @Test
  void aRelayedAnswerThatBreaksOffOrPassesTheCapOnceItIsPassedOnIsCut() throws Exception {
    String part = "x".repeat(Http1Client.HOLD_BYTES + 1);
    int cap = 2 * Http1Client.HOLD_BYTES;
    URI base =
        serve(
            (s, index) -> {
              readRequest(s.getInputStream());
              if (index == 1) { // twice the part in two chunks: over the cap
                String chunk = Integer.toHexString(part.length()) + "\r\n" + part + "\r\n";
                write(s, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk);
                s.getInputStream().read();
              } else { // a length it never reaches
                write(s, "HTTP/1.1 200 OK\r\nContent-Length: " + cap + "\r\n\r\n" + part);
              }
            });
    Http1Client client = new Http1Client(base, SECOND, null);

    for (int i = 0; i < 2; i++) {
      assertThat(
              client.send(get(base, "/v1/x"), SECOND, cap, (st, h) -> new ByteArrayOutputStream()))
          .isInstanceOf(Attempt.Cut.class);
    }
    assertThat(accepted).as("a cut connection is never reused").hasValue(2);
  }

  @Test
  void aServerThatNeverAnswersIsLostAtTheDeadline() throws Exception {
    URI base =
        serve(
            (s, index) -> {
              readRequest(s.getInputStream());
              s.getInputStream().read();
            });
    assertTimedOut(base, get(base, "/v1/x"), Duration.ofMillis(300), Duration.ofSeconds(2));
  }

  @Test
  void aServerDrippingItsAnswerCannotStretchTheDeadline() throws Exception {
    URI base =
        serve(
            (s, index) -> {
              readRequest(s.getInputStream());
              write(s, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
              for (int i = 0; i < 100; i++) {
                write(s, "x");
                Thread.sleep(50);
              }
            });
    assertTimedOut(base, get(base, "/v1/x"), Duration.ofMillis(400), Duration.ofMillis(1500));
  }

  @Test
  void aServerThatStopsReadingALargeBodyCannotHoldTheThreadPastTheDeadline() throws Exception {
    URI base = serve((s, index) -> Thread.sleep(10_000));
    byte[] body = new byte[64 * 1024 * 1024];
    Outgoing post = new Outgoing("POST", URI.create(base + "/v1/pages"), Map.of(), body);
    assertTimedOut(base, post, Duration.ofMillis(500), Duration.ofSeconds(3));
  }

  @Test
  void aRefusedConnectionIsNotSent() throws Exception {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    URI base = URI.create("http://127.0.0.1:" + port);

    assertThat(getOnce(base))
        .isInstanceOfSatisfying(
            Attempt.NotSent.class, n -> assertThat(n.pooledConnectionExpired()).isFalse());
  }

  @Test
  void aPooledConnectionTheServerClosedWhileIdleIsNotSentAndSaysSo() throws Exception {
    URI base =
        serve(
            (s, index) -> {
              readRequest(s.getInputStream());
              write(s, OK); // keep-alive, then the server drops the idle connection
            });
    Http1Client client = new Http1Client(base, SECOND, null);
    assertThat(client.send(get(base, "/v1/x"), SECOND, CAP, null))
        .isInstanceOf(Attempt.Answer.class);
    Thread.sleep(200);

    assertThat(client.send(get(base, "/v1/x"), SECOND, CAP, null))
        .isInstanceOfSatisfying(
            Attempt.NotSent.class, n -> assertThat(n.pooledConnectionExpired()).isTrue());
    assertThat(client.send(get(base, "/v1/x"), SECOND, CAP, null))
        .as("the next call opens a new connection")
        .isInstanceOf(Attempt.Answer.class);
  }

  @Test
  void aPooledConnectionCutInTheMiddleOfItsAnswerIsLostNeverNotSent() throws Exception {
    URI base =
        serve(
            (s, index) -> {
              readRequest(s.getInputStream());
              write(s, OK);
              readRequest(s.getInputStream());
              write(s, "HTTP/1.1 200 OK\r\nContent-Le"); // then the server dies
            });
    Http1Client client = new Http1Client(base, SECOND, null);
    assertThat(client.send(get(base, "/v1/x"), SECOND, CAP, null))
        .isInstanceOf(Attempt.Answer.class);

    assertThat(client.send(get(base, "/v1/x"), SECOND, CAP, null))
        .as("the server read it and began to answer")
        .isInstanceOfSatisfying(Attempt.Lost.class, l -> assertThat(l.timedOut()).isFalse());
  }

  @Test
  void aFreshConnectionClosedUnansweredIsLostNeverNotSent() throws Exception {
    URI base = serve((s, index) -> readRequest(s.getInputStream()));

    assertThat(getOnce(base))
        .as("the server may have processed it")
        .isInstanceOfSatisfying(Attempt.Lost.class, l -> assertThat(l.timedOut()).isFalse());
  }

  @Test
  void anAnswerThatCannotBeReadUnambiguouslyIsLostAndItsConnectionDropped() throws Exception {
    String[] malformed = {
      "HTTP/1.1 2OO OK\r\nContent-Length: 2\r\n\r\n{}",
      "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}",
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
      "HTTP/1.1 200 OK\r\nContent-Length: -2\r\n\r\n{}",
      "HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\nContent-Length: 2\r\n\r\n{}",
      "HTTP/1.1 200 OK\r\nBad Name: 1\r\nContent-Length: 2\r\n\r\n{}",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n",
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{}\r\n0\r\n\r\n",
      "HTTP/1.1 200 OK\r\nX: " + "y".repeat(Http1Response.MAX_LINE) + "\r\n\r\n",
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n",
    };
    for (String answer : malformed) {
      accepted.set(0);
      URI base =
          serve(
              (s, index) -> {
                readRequest(s.getInputStream());
                write(s, answer);
                s.getInputStream().read();
              });
      assertThat(getOnce(base))
          .as(answer.substring(0, Math.min(60, answer.length())))
          .isInstanceOf(Attempt.Lost.class);
    }
  }

  @Test
  void aHeaderValueThatWouldSplitTheRequestIsRefusedBeforeAnythingIsSent() throws Exception {
    URI base = serve(answering(OK));

    assertThatThrownBy(
            () ->
                new Outgoing(
                    "GET",
                    URI.create(base + "/v1/x"),
                    Map.of("Notion-Version", "2022-06-28\r\nX-Evil: 1"),
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageNotContaining("X-Evil");
    assertThatThrownBy(
            () -> new Outgoing("GET", URI.create(base + "/v1/x"), Map.of("Host", "evil"), null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(accepted).hasValue(0);
  }

  @Test
  void aRequestForAnotherOriginIsRefused() throws Exception {
    URI base = serve(answering(OK));
    Http1Client client = new Http1Client(base, SECOND, null);

    assertThatThrownBy(
            () -> client.send(get(URI.create("http://example.com"), "/v1/x"), SECOND, CAP, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(accepted).hasValue(0);
  }

  @Test
  void overTlsTheCertificateAndTheNameAreChecked(@TempDir Path dir) throws Exception {
    SelfSignedCertificate certificate = SelfSignedCertificate.create(dir); // localhost, 127.0.0.1
    SSLContext tls = certificate.serverContext();
    SSLContext trusting = trusting(certificate);
    Script answer = answering(OK);
    URI trusted = serve(tlsServer(tls, "127.0.0.1"), "https", answer);
    // the same certificate, served on another loopback address it does not name
    URI misnamed = serve(tlsServer(tls, "127.0.0.2"), "https", answer);

    assertThat(
            new Http1Client(trusted, SECOND, trusting)
                .send(get(trusted, "/v1/x"), SECOND, CAP, null))
        .isInstanceOf(Attempt.Answer.class);
    assertThat(
            new Http1Client(trusted, SECOND, null).send(get(trusted, "/v1/x"), SECOND, CAP, null))
        .as("the JDK's trust does not know this certificate")
        .isInstanceOf(Attempt.NotSent.class);
    assertThat(
            new Http1Client(misnamed, SECOND, trusting)
                .send(get(misnamed, "/v1/x"), SECOND, CAP, null))
        .as("a trusted certificate for another name")
        .isInstanceOf(Attempt.NotSent.class);
    assertThat(requests).as("only the trusted, well-named server got a request").hasSize(1);
  }

  /** A client's context that trusts exactly this certificate. */
  private static SSLContext trusting(SelfSignedCertificate certificate) throws Exception {
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(certificate.keyStore());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    return tls;
  }

  private static ServerSocket tlsServer(SSLContext tls, String address) throws IOException {
    SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getByName(address), 0), 50);
    return server;
  }
}
