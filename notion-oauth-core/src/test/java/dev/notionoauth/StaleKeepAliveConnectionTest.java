package dev.notionoauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A connection closed with no answer, pooled or fresh: the JDK reports a POST's failure the same
 * way whether or not the server processed what it read (its own retry of a reused connection covers
 * idempotent methods only), so a single-use code or refresh token is never sent twice (review
 * 2026-12b, L4). A raw socket server plays each case exactly.
 */
class StaleKeepAliveConnectionTest {
  private static final String TOKEN_JSON =
      "{\"access_token\":\"ntn_x\",\"token_type\":\"bearer\",\"refresh_token\":null,"
          + "\"bot_id\":\"b3414d65-1224-4f5a-b1c8-3c2a8d1f0e10\","
          + "\"workspace_id\":\"a5cd917a-a3d7-4a41-b9c5-c9d1b0c5c7e5\",\"workspace_name\":\"W\","
          + "\"workspace_icon\":null,\"owner\":{\"type\":\"workspace\",\"workspace\":true},"
          + "\"duplicated_template_id\":null}";

  @Test
  void aPooledConnectionClosedAfterTheRequestWasReadIsNotRetriedForASingleUseCode()
      throws Exception {
    // review 2026-12b L4: the JDK reports this the same way whether or not the server processed
    // what it read, so a single-use code is never sent twice
    AtomicInteger requests = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread t =
          new Thread(
              () -> {
                try {
                  // connection 1: answer the first request, drop the second unanswered
                  try (Socket first = server.accept()) {
                    InputStream in = new BufferedInputStream(first.getInputStream());
                    readRequest(in);
                    requests.incrementAndGet();
                    answer(first.getOutputStream());
                    readRequest(in);
                    requests.incrementAndGet();
                  }
                  // connection 2 would be a retry
                  try (Socket second = server.accept()) {
                    readRequest(new BufferedInputStream(second.getInputStream()));
                    requests.incrementAndGet();
                    answer(second.getOutputStream());
                  }
                } catch (IOException e) {
                  // test ends
                }
              });
      t.setDaemon(true);
      t.start();
      NotionOAuthClient client =
          NotionOAuthClient.create(
              NotionOAuthSettings.builder()
                  .clientId("c")
                  .clientSecret("s")
                  .redirectUri("http://localhost/cb")
                  .apiBaseUrl(URI.create("http://127.0.0.1:" + server.getLocalPort()))
                  .build());

      client.exchangeCode(new AuthorizationCode("first"));
      assertThatThrownBy(() -> client.exchangeCode(new AuthorizationCode("second")))
          .isInstanceOf(NotionTransportException.class);

      Thread.sleep(200);
      assertThat(requests.get()).isEqualTo(2);
    }
  }

  @Test
  void aFreshConnectionClosedUnansweredIsNeverRetriedForASingleUseCode() throws Exception {
    // review L10: the server may have read and processed the code before it closed
    AtomicInteger requests = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread t =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 2; i++) {
                    try (Socket s = server.accept()) {
                      readRequest(new BufferedInputStream(s.getInputStream()));
                      requests.incrementAndGet(); // read, then dropped unanswered
                    }
                  }
                } catch (IOException e) {
                  // test ends
                }
              });
      t.setDaemon(true);
      t.start();
      NotionOAuthClient client =
          NotionOAuthClient.create(
              NotionOAuthSettings.builder()
                  .clientId("c")
                  .clientSecret("s")
                  .redirectUri("http://localhost/cb")
                  .apiBaseUrl(URI.create("http://127.0.0.1:" + server.getLocalPort()))
                  .build());

      assertThatThrownBy(() -> client.exchangeCode(new AuthorizationCode("only-once")))
          .isInstanceOf(NotionTransportException.class);
      Thread.sleep(200);
      assertThat(requests.get()).isEqualTo(1);
    }
  }

  @Test
  void afterRecentTrafficAFreshConnectionClosedUnansweredIsStillNeverRetried() throws Exception {
    // review 2026-12b L4: an answer a moment ago says nothing about this new connection
    AtomicInteger onSecondConnection = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread t =
          new Thread(
              () -> {
                try {
                  try (Socket first = server.accept()) {
                    readRequest(new BufferedInputStream(first.getInputStream()));
                    answer(first.getOutputStream(), "Connection: close\r\n");
                  }
                  while (true) {
                    try (Socket next = server.accept()) {
                      readRequest(new BufferedInputStream(next.getInputStream()));
                      onSecondConnection.incrementAndGet(); // read, then dropped unanswered
                    }
                  }
                } catch (IOException e) {
                  // test ends
                }
              });
      t.setDaemon(true);
      t.start();
      NotionOAuthClient client =
          NotionOAuthClient.create(
              NotionOAuthSettings.builder()
                  .clientId("c")
                  .clientSecret("s")
                  .redirectUri("http://localhost/cb")
                  .apiBaseUrl(URI.create("http://127.0.0.1:" + server.getLocalPort()))
                  .build());
      client.exchangeCode(new AuthorizationCode("traffic"));

      assertThatThrownBy(() -> client.exchangeCode(new AuthorizationCode("single-use")))
          .isInstanceOf(NotionTransportException.class);
      Thread.sleep(200);
      assertThat(onSecondConnection.get()).isEqualTo(1);
    }
  }

  private static void answer(OutputStream out) throws IOException {
    answer(out, "");
  }

  private static void answer(OutputStream out, String extraHeaders) throws IOException {
    byte[] body = TOKEN_JSON.getBytes(StandardCharsets.UTF_8);
    out.write(
        ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + extraHeaders
                + "Content-Length: "
                + body.length
                + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }

  /** Reads one request: headers, then Content-Length bytes of body. */
  private static void readRequest(InputStream in) throws IOException {
    StringBuilder headers = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      headers.append((char) c);
      if (headers.toString().endsWith("\r\n\r\n")) {
        break;
      }
    }
    if (c == -1) {
      throw new IOException("closed");
    }
    int length = 0;
    for (String line : headers.toString().split("\r\n")) {
      if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(length);
  }
}
