package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.HttpBrowser;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Slowloris and connection floods: sockets that never finish their request are closed after the
 * idle timeout, normal requests are served meanwhile, and no more than {@code max-connections} are
 * ever accepted.
 */
class SlowClientsTest {
  static final int LIMIT = 20;

  private static Socket open(int port) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout(10_000);
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
  }

  /** Reads until the server closes the connection; true if it did before the socket timeout. */
  private static boolean closedByServer(Socket s) {
    try {
      InputStream in = s.getInputStream();
      while (in.read() != -1) {
        // drain whatever the server says before closing (e.g. a 408)
      }
      return true;
    } catch (SocketTimeoutException e) {
      return false;
    } catch (IOException e) {
      return true; // reset
    }
  }

  @Test
  void slowSocketsAreClosedAfterTheIdleTimeoutAndNeverCrowdOutOthersBeyondTheLimit()
      throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      ServerConfig config =
          TestServers.config(notion, port)
              .maxConnections(LIMIT)
              .idleTimeout(java.time.Duration.ofSeconds(1))
              .build();
      try (NotionOAuthServer server = NotionOAuthServer.builder(config).build().start()) {
        List<Socket> slow = new ArrayList<>();
        try {
          // slowloris: requests whose headers never end, filling the server up to its limit
          for (int i = 0; i < LIMIT; i++) {
            Socket s = open(port);
            send(s, "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ");
            slow.add(s);
          }
          Thread.sleep(200); // let the server accept them all
          // one more connection is not accepted while the limit is reached...
          Socket waiting = open(port);
          slow.add(waiting);
          send(waiting, "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
          waiting.setSoTimeout(300);
          boolean answeredAtOnce;
          try {
            answeredAtOnce = waiting.getInputStream().read() != -1;
          } catch (SocketTimeoutException e) {
            answeredAtOnce = false;
          }
          assertThat(answeredAtOnce).as("a connection beyond the limit was served").isFalse();

          // ...until the idle timeout closes the slow ones; then it is served
          for (Socket s : slow.subList(0, LIMIT)) {
            assertThat(closedByServer(s)).as("slow socket closed by the server").isTrue();
          }
          waiting.setSoTimeout(10_000);
          byte[] answer = waiting.getInputStream().readAllBytes();
          assertThat(new String(answer, StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 200");

          // and the server keeps serving normal requests
          assertThat(
                  new HttpBrowser()
                      .get(URI.create("http://localhost:" + port + "/healthz"))
                      .statusCode())
              .isEqualTo(200);
        } finally {
          for (Socket s : slow) {
            s.close();
          }
        }
      }
    }
  }

  @Test
  void aNormalRequestIsServedWhileSlowSocketsHoldConnectionsBelowTheLimit() throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      ServerConfig config = TestServers.config(notion, port).maxConnections(100).build();
      try (NotionOAuthServer server = NotionOAuthServer.builder(config).build().start()) {
        List<Socket> slow = new ArrayList<>();
        try {
          for (int i = 0; i < 50; i++) {
            Socket s = open(port);
            send(s, "GET /notion/install HTTP/1.1\r\nHost: localhost\r\n");
            slow.add(s);
          }
          HttpBrowser browser = new HttpBrowser();
          browser.giveUpAfter(java.time.Duration.ofSeconds(2));

          assertThat(browser.get(URI.create("http://localhost:" + port + "/healthz")).statusCode())
              .isEqualTo(200);
          assertThat(
                  browser
                      .get(URI.create("http://localhost:" + port + "/notion/install"))
                      .statusCode())
              .isEqualTo(302);
        } finally {
          for (Socket s : slow) {
            s.close();
          }
        }
      }
    }
  }
}
