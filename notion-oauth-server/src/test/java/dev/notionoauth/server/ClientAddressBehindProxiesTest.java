package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.HttpBrowser;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client address behind trusted proxies is resolved by us (review M1): what a client writes
 * into {@code X-Forwarded-For} or {@code Forwarded} never decides the address the install limit
 * counts.
 */
class ClientAddressBehindProxiesTest {
  static NotionOAuthServer server(NotionEmulator notion, int port, String header) {
    return NotionOAuthServer.builder(
            TestServers.config(notion, port)
                .installRateLimit(3)
                .trustedProxies(List.of("127.0.0.1", "10.0.0.0/8"))
                .clientAddressHeader(header)
                .build())
        .build()
        .start();
  }

  @Test
  void anAppendingProxyCannotBeFooledByWhatTheClientWroteIntoXForwardedFor() {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      try (NotionOAuthServer s = server(notion, port, "x-forwarded-for")) {
        HttpBrowser browser = new HttpBrowser();
        URI install = URI.create("http://localhost:" + port + "/notion/install");
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
          // the client claims a new address each time; our proxies appended the real one
          statuses.add(
              browser
                  .get(install, "X-Forwarded-For", "198.51.100." + i + ", 203.0.113.7, 10.1.2.3")
                  .statusCode());
        }

        assertThat(statuses).containsExactly(302, 302, 302, 429, 429, 429);
        // another real client has its own allowance
        assertThat(browser.get(install, "X-Forwarded-For", "203.0.113.8").statusCode())
            .isEqualTo(302);
      }
    }
  }

  @Test
  void severalHeaderLinesAreOneListAndAClientSentForwardedIsIgnored() {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      try (NotionOAuthServer s = server(notion, port, "x-forwarded-for")) {
        HttpBrowser browser = new HttpBrowser();
        URI install = URI.create("http://localhost:" + port + "/notion/install");
        for (int i = 0; i < 3; i++) {
          assertThat(
                  browser
                      .get(
                          install,
                          "X-Forwarded-For",
                          "198.51.100." + i,
                          "X-Forwarded-For",
                          "203.0.113.9",
                          "Forwarded",
                          "for=192.0.2." + i)
                      .statusCode())
              .isEqualTo(302);
        }

        assertThat(
                browser
                    .get(
                        install,
                        "X-Forwarded-For",
                        "198.51.100.99",
                        "X-Forwarded-For",
                        "203.0.113.9",
                        "Forwarded",
                        "for=192.0.2.99")
                    .statusCode())
            .isEqualTo(429);
      }
    }
  }

  @Test
  void whenConfiguredForwardedIsWalkedTheSameWay() {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      try (NotionOAuthServer s = server(notion, port, "forwarded")) {
        HttpBrowser browser = new HttpBrowser();
        URI install = URI.create("http://localhost:" + port + "/notion/install");
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
          statuses.add(
              browser
                  .get(
                      install,
                      "Forwarded",
                      "for=198.51.100." + i + ", for=\"203.0.113.7:4711\";proto=https",
                      "X-Forwarded-For",
                      "198.51.100." + (50 + i))
                  .statusCode());
        }

        assertThat(statuses).containsExactly(302, 302, 302, 429);
      }
    }
  }
}
