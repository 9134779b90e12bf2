package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.NotionEmulator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Review 2026-12b, H2: the webhook route is the one that reads bodies, so bodies must not hold the
 * server. With more trickling webhook POSTs open than the request pool has threads (signed and
 * unsigned, each a byte at a time), the other routes still answer, and every slow POST is answered
 * 408 (its body missed the read deadline), 503 (too many bodies being read) or 429 (its address was
 * refused too often) — none is left hanging.
 */
class SlowWebhookBodiesTest {
  private static final int SLOW_POSTS = 250;

  @Test
  void trickledWebhookBodiesLeaveEveryOtherRouteAnsweringAndEachEndsWithin() throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(
                  TestServers.config(notion, port)
                      .webhooksEnabled(true)
                      .webhookReadTimeout(Duration.ofSeconds(2))
                      .build())
              .build()
              .start()) {
        List<Socket> slow = new ArrayList<>();
        AtomicBoolean trickling = new AtomicBoolean(true);
        try {
          for (int i = 0; i < SLOW_POSTS; i++) {
            slow.add(openSlowPost(port, i % 2 == 0));
          }
          Thread trickle = new Thread(() -> trickle(slow, trickling), "trickle");
          trickle.setDaemon(true);
          trickle.start();

          HttpClient client = HttpClient.newHttpClient();
          for (String path : List.of("/healthz", "/notion/install", "/healthz")) {
            HttpResponse<String> r =
                client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(1))
                        .GET()
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path).isIn(200, 302);
          }

          List<Integer> statuses = new ArrayList<>();
          for (Socket s : slow) {
            s.setSoTimeout(10_000); // the deadline is 2 s: this only keeps a broken test finite
            statuses.add(status(s));
          }
          System.out.println(
              "slow webhook POSTs: 408 "
                  + statuses.stream().filter(x -> x == 408).count()
                  + ", 503 "
                  + statuses.stream().filter(x -> x == 503).count()
                  + ", 429 "
                  + statuses.stream().filter(x -> x == 429).count());
          assertThat(statuses).allSatisfy(status -> assertThat(status).isIn(408, 503, 429));
          assertThat(statuses).contains(408, 503);
        } finally {
          trickling.set(false);
          for (Socket s : slow) {
            s.close();
          }
        }
      }
    }
  }

  private static Socket openSlowPost(int port, boolean signed) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    OutputStream out = s.getOutputStream();
    out.write(
        ("POST /notion/webhooks HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + (signed ? "X-Notion-Signature: sha256=" + "0".repeat(64) + "\r\n" : "")
                + "Content-Length: 1000\r\n\r\n{\"id\":\"e\",")
            .getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  /** One byte per open POST every 200 ms: enough to keep any idle timeout from firing. */
  private static void trickle(List<Socket> sockets, AtomicBoolean going) {
    while (going.get()) {
      for (Socket s : sockets) {
        try {
          s.getOutputStream().write(' ');
          s.getOutputStream().flush();
        } catch (IOException e) {
          // answered and closed: nothing more to send there
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The status code of the answer on a socket. */
  private static int status(Socket s) throws IOException {
    byte[] line = s.getInputStream().readNBytes(12);
    String text = new String(line, StandardCharsets.US_ASCII);
    assertThat(text).startsWith("HTTP/1.1 ");
    return Integer.parseInt(text.substring(9, 12));
  }
}
