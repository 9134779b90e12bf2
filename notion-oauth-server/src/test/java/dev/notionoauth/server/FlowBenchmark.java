package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.State;
import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.HttpBrowser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Throughput and latency of the server's routes, in process, with the SQLite store and the emulator
 * as Notion. Prints figures; asserts only correctness. Run with {@code ./mvnw -B -Pbenchmark -pl
 * notion-oauth-server -am test}. The load generator (JDK HttpClient) shares the machine's cores
 * with the server, so the figures are a floor, not a ceiling.
 */
@Tag("benchmark")
class FlowBenchmark {
  static final int CLIENTS = 16;
  static final Duration WARM_UP = Duration.ofSeconds(5);
  static final Duration RUN = Duration.ofSeconds(10);

  static NotionEmulator notion;
  static NotionOAuthServer server;
  static URI base;
  static final HttpClient HTTP =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @BeforeAll
  static void start() {
    notion = NotionEmulator.builder().autoApprove(true).start();
    int port = TestServers.freePort();
    server =
        NotionOAuthServer.builder(TestServers.config(notion, port).installRateLimit(0).build())
            .build()
            .start();
    base = URI.create("http://localhost:" + port);
    System.out.printf(
        "%nBenchmark: %d client threads, %s warm-up, %s measured, %d cores, Java %s%n",
        CLIENTS, WARM_UP, RUN, Runtime.getRuntime().availableProcessors(), Runtime.version());
  }

  @AfterAll
  static void stop() {
    server.close();
    notion.close();
  }

  /** Runs a call from CLIENTS threads for WARM_UP, then RUN, and prints the figures. */
  private static void measure(String name, Supplier<Boolean> call) throws Exception {
    loop(call, WARM_UP, new ConcurrentLinkedQueue<>(), new AtomicLong());
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    AtomicLong failures = new AtomicLong();
    long started = System.nanoTime();
    loop(call, RUN, latencies, failures);
    double seconds = (System.nanoTime() - started) / 1e9;
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    System.out.printf(
        "%-44s %8.0f /s   p50 %6.2f ms   p99 %6.2f ms   (%d calls, %d failed)%n",
        name,
        sorted.size() / seconds,
        percentile(sorted, 0.50),
        percentile(sorted, 0.99),
        sorted.size(),
        failures.get());
    assertThat(failures.get()).as(name + " failures " + failedFlows).isZero();
  }

  private static void loop(
      Supplier<Boolean> call,
      Duration length,
      ConcurrentLinkedQueue<Long> latencies,
      AtomicLong failures)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    long end = System.nanoTime() + length.toNanos();
    List<Future<?>> workers = new ArrayList<>();
    for (int i = 0; i < CLIENTS; i++) {
      workers.add(
          pool.submit(
              () -> {
                while (System.nanoTime() < end) {
                  long t = System.nanoTime();
                  boolean ok = call.get();
                  latencies.add(System.nanoTime() - t);
                  if (!ok) {
                    failures.incrementAndGet();
                  }
                }
              }));
    }
    for (Future<?> w : workers) {
      w.get();
    }
    pool.shutdown();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }

  private static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size()))) / 1e6;
  }

  private static HttpResponse<String> get(URI uri) {
    try {
      return HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void healthz() throws Exception {
    URI uri = base.resolve("/healthz");
    measure("GET /healthz", () -> get(uri).statusCode() == 200);
  }

  @Test
  void install() throws Exception {
    URI uri = base.resolve("/notion/install");
    measure("GET /notion/install (durable state row)", () -> get(uri).statusCode() == 302);
  }

  @Test
  void forgedCallbacks() throws Exception {
    SecureRandom random = new SecureRandom();
    String cookie =
        get(base.resolve("/notion/install"))
            .headers()
            .firstValue("set-cookie")
            .orElseThrow()
            .split(";", 2)[0];
    notion.clearRequests();
    measure(
        "GET /notion/callback, forged state (303)",
        () -> {
          URI uri =
              base.resolve("/notion/callback?code=c0de&state=" + State.generate(random).value());
          try {
            HttpResponse<String> r =
                HTTP.send(
                    HttpRequest.newBuilder(uri).header("Cookie", cookie).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 303
                && r.headers().firstValue("location").orElse("").endsWith("/failed-state-unknown");
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
    assertThat(notion.requests(Endpoint.TOKEN)).isEmpty();
  }

  static final ConcurrentLinkedQueue<String> failedFlows = new ConcurrentLinkedQueue<>();
  static final ThreadLocal<HttpBrowser> BROWSERS = ThreadLocal.withInitial(HttpBrowser::new);

  @Test
  void wholeFlows() throws Exception {
    measure(
        "whole flow: install, Notion, callback, result",
        () -> {
          HttpBrowser browser = BROWSERS.get();
          browser.forgetCookies(); // a new person each time, on a warm client
          HttpResponse<String> install = browser.get(base.resolve("/notion/install"));
          HttpResponse<String> atNotion =
              browser.get(URI.create(install.headers().firstValue("location").orElseThrow()));
          HttpResponse<String> callback =
              browser.get(URI.create(atNotion.headers().firstValue("location").orElseThrow()));
          HttpResponse<String> result = browser.follow(callback);
          if (result.statusCode() != 200) {
            System.out.println(
                "DEBUG "
                    + callback.statusCode()
                    + " "
                    + result.statusCode()
                    + " "
                    + result.body().replaceAll("(?s).*<main", "<main").substring(0, 300));
          }
          return result.statusCode() == 200;
        });
  }
}
