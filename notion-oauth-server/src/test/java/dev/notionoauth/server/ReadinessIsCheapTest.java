package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.HttpBrowser;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A flood of /readyz requests costs about one check a second, not one each (review L9). */
class ReadinessIsCheapTest {
  @Test
  void twoHundredReadinessRequestsRunTheChecksAtMostAFewTimes() {
    AtomicInteger checks = new AtomicInteger();
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(TestServers.config(notion, port).build())
              .readinessCheck(
                  "counted",
                  () -> {
                    checks.incrementAndGet();
                    return true;
                  })
              .build()
              .start()) {
        HttpBrowser browser = new HttpBrowser();
        URI ready = URI.create("http://localhost:" + port + "/readyz");
        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
          assertThat(browser.get(ready).statusCode()).isEqualTo(200);
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;

        assertThat(checks.get()).isBetween(1, (int) seconds + 2);
      }
    }
  }
}
