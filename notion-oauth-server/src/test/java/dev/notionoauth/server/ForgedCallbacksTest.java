package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.State;
import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.HttpBrowser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Callbacks nobody started here (forged, guessed or replayed from elsewhere) cost no storage: their
 * result page is the same for everyone and rendered on request, so a flood writes nothing.
 */
class ForgedCallbacksTest {

  @Test
  void aFloodOfForgedCallbacksWritesNothingAndEachGetsTheSameFailurePage() {
    CallbackFloodTest.CountingPages counting = new CallbackFloodTest.CountingPages();
    AtomicInteger stored = counting.stored;
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      URI base = URI.create("http://localhost:" + port);
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(TestServers.config(notion, port).build())
              .resultPages(counting)
              .build()
              .start()) {
        HttpBrowser browser = new HttpBrowser();
        SecureRandom random = new SecureRandom();
        HttpResponse<String> cookieless =
            browser.get(
                base.resolve("/notion/callback?code=c0de&state=" + State.generate(random).value()));
        assertThat(cookieless.headers().firstValue("location"))
            .contains("/notion/result/failed-state-not-for-this-browser");
        browser.get(base.resolve("/notion/install")); // now the browser has a binding cookie

        for (int i = 0; i < 50; i++) {
          HttpResponse<String> r =
              browser.get(
                  base.resolve(
                      "/notion/callback?code=c0de&state=" + State.generate(random).value()));
          assertThat(r.statusCode()).isEqualTo(303);
          assertThat(r.headers().firstValue("location"))
              .contains("/notion/result/failed-state-unknown");
        }
        HttpResponse<String> malformed =
            browser.get(base.resolve("/notion/callback?code=a&code=b"));
        HttpResponse<String> page = browser.follow(malformed);

        assertThat(stored).hasValue(0);
        assertThat(notion.requests(Endpoint.TOKEN)).isEmpty();
        assertThat(malformed.headers().firstValue("location"))
            .contains("/notion/result/failed-malformed-request");
        assertThat(page.statusCode()).isEqualTo(400);
        assertThat(page.body()).contains("This link is not a valid answer from Notion.");
        assertThat(browser.get(base.resolve("/notion/result/failed-nonsense")).statusCode())
            .isEqualTo(404);

        // a real flow still stores its own page
        HttpResponse<String> install = browser.get(base.resolve("/notion/install"));
        URI callback =
            notion.approve(URI.create(install.headers().firstValue("location").orElseThrow()));
        assertThat(browser.follow(browser.get(callback)).body()).contains("Connected to Notion");
        assertThat(stored).hasValue(1);
        assertThat(notion.requests(Endpoint.TOKEN)).hasSize(1);
      }
    }
  }

  /**
   * Catalogue D4 under concurrency: 500 callbacks with random well-formed states from 25 browsers
   * at once each get the same failure redirect, without one call to Notion or one stored page. (How
   * fast is the benchmark's business, never a timed test's.)
   */
  @Test
  void fiveHundredConcurrentForgedCallbacksAllFailAlikeWithoutCallingNotion() throws Exception {
    CallbackFloodTest.CountingPages pages = new CallbackFloodTest.CountingPages();
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      URI base = URI.create("http://localhost:" + port);
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(TestServers.config(notion, port).installRateLimit(0).build())
              .resultPages(pages)
              .build()
              .start()) {
        ExecutorService pool = Executors.newFixedThreadPool(25);
        List<Future<List<String>>> browsers = new ArrayList<>();
        for (int b = 0; b < 25; b++) {
          browsers.add(
              pool.submit(
                  () -> {
                    HttpBrowser browser = new HttpBrowser();
                    browser.get(base.resolve("/notion/install")); // a binding cookie of its own
                    SecureRandom random = new SecureRandom();
                    List<String> outcomes = new ArrayList<>();
                    for (int i = 0; i < 20; i++) {
                      HttpResponse<String> r =
                          browser.get(
                              base.resolve(
                                  "/notion/callback?code=c0de&state="
                                      + State.generate(random).value()));
                      outcomes.add(
                          r.statusCode() + " " + r.headers().firstValue("location").orElse(""));
                    }
                    return outcomes;
                  }));
        }
        List<String> outcomes = new ArrayList<>();
        for (Future<List<String>> f : browsers) {
          outcomes.addAll(f.get(120, TimeUnit.SECONDS));
        }
        pool.shutdown();

        assertThat(outcomes)
            .hasSize(500)
            .allSatisfy(o -> assertThat(o).isEqualTo("303 /notion/result/failed-state-unknown"));
        assertThat(notion.requests(Endpoint.TOKEN)).isEmpty();
        assertThat(pages.stored).hasValue(0);
      }
    }
  }
}
