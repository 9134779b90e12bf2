package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.HttpBrowser;
import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * With a management port, /metrics and /readyz are served there only (review L6): a proxy on the
 * same host that forwards the public port without forwarding headers cannot publish them.
 */
class ManagementPortTest {
  @Test
  void metricsAndReadinessAreOnlyOnTheManagementPort() {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      int management = TestServers.freePort();
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(
                  TestServers.config(notion, port).managementPort(management).build())
              .build()
              .start()) {
        HttpBrowser browser = new HttpBrowser();
        URI pub = URI.create("http://127.0.0.1:" + port);
        URI ops = URI.create("http://127.0.0.1:" + management);

        assertThat(browser.get(pub.resolve("/metrics")).statusCode()).isEqualTo(404);
        assertThat(browser.get(pub.resolve("/readyz")).statusCode()).isEqualTo(404);
        assertThat(browser.get(pub.resolve("/healthz")).statusCode()).isEqualTo(200);
        assertThat(browser.get(pub.resolve("/notion/install")).statusCode()).isEqualTo(302);
        assertThat(browser.get(ops.resolve("/metrics")).body())
            .contains("notion_oauth_installs_started_total 1");
        assertThat(browser.get(ops.resolve("/readyz")).statusCode()).isEqualTo(200);
        assertThat(browser.get(ops.resolve("/notion/install")).statusCode()).isEqualTo(404);
      }
    }
  }
}
