package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.HttpReply;
import dev.notionoauth.InMemoryResultPageStore;
import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.Fault;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.spi.ResultPageStore;
import dev.notionoauth.testkit.HttpBrowser;
import dev.notionoauth.testkit.ManualTicker;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Callbacks cannot hold the server's threads or fill its store (review M3): unbound callbacks are
 * limited per address and overall, never wait on Notion's 429 and store nothing when they fail;
 * code exchanges in flight are capped, and a callback beyond the cap gets 503 with Retry-After
 * without losing its state.
 */
class CallbackFloodTest {
  static final class CountingPages implements ResultPageStore {
    final AtomicInteger stored = new AtomicInteger();
    final InMemoryResultPageStore pages = new InMemoryResultPageStore();

    @Override
    public String put(HttpReply reply) {
      stored.incrementAndGet();
      return pages.put(reply);
    }

    @Override
    public Optional<HttpReply> get(String id) {
      return pages.get(id);
    }
  }

  @Test
  void unboundCallbacksNeverWaitOnNotionsLimitStoreNothingAndAreLimited() throws Exception {
    CountingPages pages = new CountingPages();
    ManualTicker ticker = new ManualTicker();
    try (NotionEmulator notion = NotionEmulator.start()) {
      notion.failNext(Endpoint.TOKEN, Fault.rateLimited(Duration.ofSeconds(9)), 1000);
      int port = TestServers.freePort();
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(
                  TestServers.config(notion, port)
                      .unboundInstalls("accept-unbound")
                      .installRateLimit(5)
                      .unboundRateLimit(20)
                      .build())
              .resultPages(pages)
              .ticker(ticker)
              .build()
              .start()) {
        URI base = URI.create("http://localhost:" + port);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<HttpResponse<String>>> sent = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          String forwarded = "203.0.113." + (i % 8);
          sent.add(
              pool.submit(
                  () ->
                      new HttpBrowser()
                          .get(
                              base.resolve("/notion/callback?code=forged-" + forwarded),
                              "X-Forwarded-For",
                              forwarded)));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<HttpResponse<String>> f : sent) {
          statuses.add(f.get().statusCode());
        }
        pool.shutdown();

        assertThat(ticker.sleeps()).as("no callback waited out a 9 s Retry-After").isEmpty();
        assertThat(statuses).contains(429).contains(303);
        assertThat(notion.requests(Endpoint.TOKEN).size()).isLessThanOrEqualTo(20);
        assertThat(pages.stored.get()).isZero();
        assertThat(new HttpBrowser().get(base.resolve("/healthz")).statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void beyondTheExchangeCapACallbackGets503AndItsStateStillWorksLater() throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      notion.failNext(Endpoint.TOKEN, Fault.delay(Duration.ofMillis(1500)), 2);
      int port = TestServers.freePort();
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(
                  TestServers.config(notion, port).maxConcurrentExchanges(2).build())
              .build()
              .start()) {
        URI base = URI.create("http://localhost:" + port);
        List<HttpBrowser> browsers = new ArrayList<>();
        List<URI> callbacks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          HttpBrowser b = new HttpBrowser();
          browsers.add(b);
          callbacks.add(notion.approve(b.install(base)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<HttpResponse<String>>> slow = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          int n = i;
          slow.add(pool.submit(() -> browsers.get(n).get(callbacks.get(n))));
        }
        // both slow exchanges have reached Notion, so they hold their permits
        while (notion.requests(Endpoint.TOKEN).size() < 2) {
          Thread.onSpinWait();
        }

        HttpResponse<String> busy = browsers.get(2).get(callbacks.get(2));

        assertThat(busy.statusCode()).isEqualTo(503);
        assertThat(busy.headers().firstValue("retry-after")).contains("5");
        assertThat(busy.body()).contains("reload this page in a few seconds");
        for (Future<HttpResponse<String>> f : slow) {
          assertThat(f.get().statusCode()).isEqualTo(303);
        }
        pool.shutdown();
        HttpResponse<String> later = browsers.get(2).follow(browsers.get(2).get(callbacks.get(2)));
        assertThat(later.statusCode()).isEqualTo(200);
        assertThat(later.body()).contains("Connected to Notion");
      }
    }
  }
}
