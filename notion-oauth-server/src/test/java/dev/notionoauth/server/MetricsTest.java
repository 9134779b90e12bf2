package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.State;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.testkit.HttpBrowser;
import java.net.URI;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code /metrics}: the flow's counters in the Prometheus format, for loopback only by default. */
class MetricsTest {

  @Test
  void countsEachOutcomeAndServesThemToLoopbackButNotThroughAProxy() {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      URI base = URI.create("http://localhost:" + port);
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(TestServers.config(notion, port).build()).build().start()) {
        HttpBrowser browser = new HttpBrowser();
        URI allowed = notion.approve(browser.install(base));
        HttpResponse<String> connected = browser.follow(browser.get(allowed));
        URI cancelled = notion.deny(browser.install(base));
        browser.get(cancelled);
        new HttpBrowser()
            .get(
                base.resolve(
                    "/notion/callback?code=x&state=" + State.generate(new SecureRandom()).value()));

        HttpResponse<String> metrics = browser.get(base.resolve("/metrics"));
        HttpResponse<String> proxied =
            browser.get(base.resolve("/metrics"), "X-Forwarded-For", "203.0.113.9");

        assertThat(connected.body()).contains("Connected to Notion");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("content-type"))
            .contains("text/plain; version=0.0.4; charset=utf-8");
        List<String> lines = metrics.body().lines().toList();
        assertThat(lines)
            .contains(
                "notion_oauth_installs_started_total 2.0",
                "notion_oauth_installs_refused_total{reason=\"rate_limited\"} 0.0",
                "notion_oauth_callbacks_total{outcome=\"authorized\",reason=\"none\"} 1.0",
                "notion_oauth_callbacks_total{outcome=\"denied\",reason=\"none\"} 1.0",
                "notion_oauth_callbacks_total{outcome=\"failed\",reason=\"state_not_for_this_browser\"} 1.0",
                "notion_oauth_callbacks_total{outcome=\"failed\",reason=\"code_rejected\"} 0.0",
                "notion_oauth_callback_duration_seconds_bucket{le=\"+Inf\"} 3",
                "notion_oauth_callback_duration_seconds_count 3",
                "notion_oauth_installations 1.0",
                "# TYPE notion_oauth_callback_duration_seconds histogram");
        assertThat(lines)
            .as("the JVM's and Jetty's meters are there too")
            .anyMatch(l -> l.startsWith("jvm_memory_used_bytes{"))
            .anyMatch(l -> l.startsWith("jvm_gc_"))
            .anyMatch(l -> l.startsWith("jetty_threads_busy "))
            .anyMatch(l -> l.startsWith("process_uptime_seconds "));
        assertThat(lines)
            .as("each call to Notion, timed, by call and status")
            .contains(
                "notion_oauth_notion_calls_seconds_count{call=\"exchange\",status=\"2xx\"} 1");
        assertThat(metrics.body()).doesNotContain("ntn_").doesNotContain("noh_bind");
        assertThat(proxied.statusCode()).isEqualTo(404);
      }
    }
  }

  @Test
  void otherAddressesAndAnEmptyListGetThe404Page() {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      URI base = URI.create("http://localhost:" + port);
      HttpBrowser browser = new HttpBrowser();
      try (NotionOAuthServer elsewhere =
          NotionOAuthServer.builder(
                  TestServers.config(notion, port).metricsFrom(List.of("10.0.0.0/8")).build())
              .build()
              .start()) {
        HttpResponse<String> r = browser.get(base.resolve("/metrics"));
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).doesNotContain("notion_oauth_");
      }
      try (NotionOAuthServer off =
          NotionOAuthServer.builder(TestServers.config(notion, port).metricsFrom(List.of()).build())
              .build()
              .start()) {
        assertThat(browser.get(base.resolve("/metrics")).statusCode()).isEqualTo(404);
      }
    }
  }
}
