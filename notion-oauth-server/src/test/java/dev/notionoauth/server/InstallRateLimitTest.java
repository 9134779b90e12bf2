package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.InMemoryStateStore;
import dev.notionoauth.testkit.HttpBrowser;
import dev.notionoauth.testkit.NotionEmulatorExtension;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InstallRateLimitTest {
  @RegisterExtension static final NotionEmulatorExtension NOTION = new NotionEmulatorExtension();

  @Test
  void oneClientCannotFloodTheStateStore() {
    int port = TestServers.freePort();
    InMemoryStateStore states = new InMemoryStateStore();
    try (NotionOAuthServer server =
        NotionOAuthServer.builder(
                TestServers.config(NOTION.emulator(), port)
                    .installRateLimit(3)
                    .trustedProxies(List.of("127.0.0.1"))
                    .build())
            .stateStore(states)
            .build()
            .start()) {
      HttpBrowser browser = new HttpBrowser();
      URI install = URI.create("http://localhost:" + port + "/notion/install");

      for (int i = 0; i < 3; i++) {
        assertThat(browser.get(install).statusCode()).isEqualTo(302);
      }
      HttpResponse<String> refused = browser.get(install);

      assertThat(refused.statusCode()).isEqualTo(429);
      assertThat(refused.headers().firstValue("location")).isEmpty();
      assertThat(Long.parseLong(refused.headers().firstValue("retry-after").orElseThrow()))
          .isBetween(1L, 20L);
      assertThat(refused.body()).contains("Too many connection attempts");
      assertThat(states.size()).as("sealed states: starting a flow writes nothing").isZero();
      // another client, seen through the trusted proxy, has its own allowance
      assertThat(browser.get(install, "X-Forwarded-For", "203.0.113.5").statusCode())
          .isEqualTo(302);
    }
  }
}
