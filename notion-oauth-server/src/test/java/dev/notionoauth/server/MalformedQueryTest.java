package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.NotionEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A malformed percent-encoding in any route's query (the regression the 2026-12b review's probe
 * found: {@code /notion/callback?code=%zz} answered 500 and logged an ERROR) is a 400 page with our
 * headers, and nothing is logged at ERROR.
 */
class MalformedQueryTest {
  private static String rawGet(int port, String path) throws java.io.IOException {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
      s.getOutputStream()
          .write(
              ("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aBadPercentEncodingInAnyRoutesQueryIsA400PageAndNoError() throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      long logBefore = Files.size(TestServers.logFile());
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(
                  TestServers.config(notion, port)
                      .webhooksEnabled(true)
                      .document("/terms", TestServers.document("terms.md"))
                      .build())
              .build()
              .start()) {
        for (String path :
            List.of(
                "/notion/callback?code=%zz&state=abc",
                "/notion/callback?code=abc&state=%",
                "/notion/install?user=%4",
                "/notion/result/abc?x=%zz",
                "/notion/webhooks?%zz",
                "/terms?v=%G1",
                "/healthz?%zz",
                "/metrics?%zz",
                "/nope?%zz")) {
          // a raw request: the JDK's client refuses to send such a URI at all
          String answer = rawGet(port, path);

          assertThat(answer).as(path).startsWith("HTTP/1.1 400 ");
          assertThat(answer).as(path).contains("The request could not be understood.");
          assertThat(answer.toLowerCase(java.util.Locale.ROOT))
              .contains("content-security-policy: default-src 'none'")
              .contains("x-frame-options: deny")
              .doesNotContain("server:");
        }
      }
      String log = Files.readString(TestServers.logFile(), StandardCharsets.UTF_8);
      assertThat(log.substring((int) Math.min(logBefore, log.length())).lines())
          .noneMatch(l -> l.contains(" ERROR "));
    }
  }
}
