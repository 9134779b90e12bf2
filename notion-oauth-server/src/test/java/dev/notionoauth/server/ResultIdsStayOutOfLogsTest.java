package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.HttpReply;
import dev.notionoauth.InMemoryResultPageStore;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.spi.ResultPageStore;
import dev.notionoauth.testkit.HttpBrowser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * A result page whose store fails for a moment (a frozen or restarting database) asks the user to
 * reload — the flow behind it may have succeeded — with 503 and {@code Retry-After}, logs the route
 * and never the page's id (review L8), and shows the page once the store is back.
 */
class ResultIdsStayOutOfLogsTest {
  @Test
  void aResultPageWhoseStoreFailsAsksForAReloadAndShowsOnceItIsBack() throws Exception {
    AtomicBoolean down = new AtomicBoolean();
    InMemoryResultPageStore kept = new InMemoryResultPageStore();
    ResultPageStore flaky =
        new ResultPageStore() {
          @Override
          public String put(HttpReply reply) {
            return kept.put(reply);
          }

          @Override
          public Optional<HttpReply> get(String id) {
            if (down.get()) {
              throw new IllegalStateException("down");
            }
            return kept.get(id);
          }
        };
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(TestServers.config(notion, port).build())
              .resultPages(flaky)
              .build()
              .start()) {
        HttpBrowser user = new HttpBrowser();
        HttpResponse<String> callback =
            user.get(notion.approve(user.install(URI.create("http://localhost:" + port))));
        String location = callback.headers().firstValue("location").orElseThrow();
        URI page = URI.create("http://localhost:" + port).resolve(location);
        String id = location.substring(location.lastIndexOf('/') + 1);

        down.set(true);
        HttpResponse<String> r = user.get(page);

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("retry-after")).contains("2");
        assertThat(r.body())
            .contains("Reload this page")
            .doesNotContain(id)
            .doesNotContain("IllegalStateException");
        TestServers.assertSecurityHeaders(r); // catalogue P4: this page too
        String log = TestServers.awaitLog("A result page could not be read");
        assertThat(log).contains("A result page could not be read").doesNotContain(id);

        down.set(false);
        assertThat(user.get(page).body()).contains("Connected to Notion");
      }
    }
  }
}
