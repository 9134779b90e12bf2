package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.HttpBrowser;
import java.net.URI;
import org.junit.jupiter.api.Test;

class RequestHeaderSizeTest {
  @Test
  void aRequestHeadLargerThanTheConfiguredSizeGets431AndASmallerOneIsServed() {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(
                  TestServers.config(notion, port).requestHeaderSize(16 * 1024).build())
              .build()
              .start()) {
        HttpBrowser browser = new HttpBrowser();
        URI health = URI.create("http://localhost:" + port + "/healthz");

        assertThat(browser.get(health, "X-Big", "x".repeat(12 * 1024)).statusCode()).isEqualTo(200);
        assertThat(browser.get(health, "X-Big", "x".repeat(20 * 1024)).statusCode()).isEqualTo(431);
      }
    }
  }
}
