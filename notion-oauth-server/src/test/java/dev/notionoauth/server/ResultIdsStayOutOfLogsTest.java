package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.HttpReply;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.spi.ResultPageIds;
import dev.notionoauth.spi.ResultPageStore;
import dev.notionoauth.testkit.HttpBrowser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A failure while showing a result page logs the route, never the page's id (review L8). */
class ResultIdsStayOutOfLogsTest {
  @Test
  void aFailingResultLookupLogsTheRouteAndNotTheId() throws Exception {
    ResultPageStore broken =
        new ResultPageStore() {
          @Override
          public String put(HttpReply reply) {
            throw new IllegalStateException("down");
          }

          @Override
          public Optional<HttpReply> get(String id) {
            throw new IllegalStateException("down");
          }
        };
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(TestServers.config(notion, port).build())
              .resultPages(broken)
              .build()
              .start()) {
        String id = ResultPageIds.generate();

        HttpResponse<String> r =
            new HttpBrowser().get(URI.create("http://localhost:" + port + "/notion/result/" + id));

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).doesNotContain(id).doesNotContain("IllegalStateException");
        TestServers.assertSecurityHeaders(r); // catalogue P4: the 500 page too
        String log = TestServers.awaitLog("Unexpected failure on the result route");
        assertThat(log).contains("Unexpected failure on the result route").doesNotContain(id);
      }
    }
  }
}
