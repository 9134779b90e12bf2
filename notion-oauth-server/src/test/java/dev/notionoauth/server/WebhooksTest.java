package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.Installation;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.emulator.WebhookSender;
import dev.notionoauth.emulator.WebhookSender.Delivery;
import dev.notionoauth.spi.WebhookStore;
import dev.notionoauth.testkit.HttpBrowser;
import dev.notionoauth.testkit.WebhookHandshake;
import dev.notionoauth.webhook.StoredWebhookEvent;
import dev.notionoauth.webhook.StoredWebhookEvent.Status;
import dev.notionoauth.webhook.WebhookCandidate;
import dev.notionoauth.webhook.WebhookDelivery;
import dev.notionoauth.webhook.WebhookEvent;
import dev.notionoauth.webhook.WebhookReceiver;
import dev.notionoauth.webhook.WebhookVerification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Notion's webhooks over real HTTP, sent by the emulator from the documented rules: the handshake,
 * signed deliveries reaching a consumer with the installations they concern, and every way a
 * delivery can be wrong.
 */
class WebhooksTest {

  /** A server with one installation made through the real flow, and a recording consumer. */
  private record Running(
      NotionEmulator notion,
      NotionOAuthServer server,
      RecordingWebhookConsumer consumer,
      URI hook,
      WebhookStore store,
      String botId) {
    WebhookSender sender() {
      return notion.webhooks();
    }

    /** Set up as an operator does: a capture window, Notion's request, its confirmation. */
    String token() {
      return WebhookHandshake.confirmedToken(store, notion.webhooks(), hook);
    }
  }

  private static void withServer(
      Consumer<ServerConfigBuilder> configure,
      RecordingWebhookConsumer consumer,
      ThrowingConsumer<Running> test)
      throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      ServerConfigBuilder config = TestServers.config(notion, port).webhooksEnabled(true);
      configure.accept(config);
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(config.build())
              .webhookConsumers(List.of(consumer))
              .build()
              .start()) {
        URI base = URI.create("http://localhost:" + port);
        HttpBrowser browser = new HttpBrowser();
        assertThat(browser.follow(browser.get(notion.approve(browser.install(base)))).body())
            .contains("Connected to Notion");
        test.accept(
            new Running(
                notion,
                server,
                consumer,
                base.resolve("/notion/webhooks"),
                server.webhookStore().orElseThrow(),
                notion.botIdFor(NotionEmulator.DEFAULT_CLIENT_ID)));
      }
    }
  }

  private static void withServer(ThrowingConsumer<Running> test) throws Exception {
    withServer(c -> {}, new RecordingWebhookConsumer(), test);
  }

  @FunctionalInterface
  private interface ThrowingConsumer<T> {
    void accept(T value) throws Exception;
  }

  private static String idOf(String event) {
    return event.replaceAll("(?s)^\\{\"id\":\"([^\"]+)\".*", "$1");
  }

  private static StoredWebhookEvent awaitStatus(WebhookStore store, String id, Status status)
      throws InterruptedException {
    long deadline = System.nanoTime() + 15_000_000_000L;
    Optional<StoredWebhookEvent> e = store.find(id);
    while (System.nanoTime() < deadline) {
      e = store.find(id);
      if (e.isPresent() && e.get().status() == status) {
        return e.get();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("event never became " + status + "; now " + e);
  }

  @Test
  void aSignedDeliveryFromNotionReachesTheConsumerOffTheRequestThreadWithItsInstallation()
      throws Exception {
    withServer(
        r -> {
          String token = r.token();
          String event = r.sender().installedEvent("page.content_updated", "page-1");

          Delivery answer = r.sender().deliver(r.hook(), token, event);

          assertThat(answer.status()).isEqualTo(200);
          WebhookDelivery delivery = r.consumer().next();
          assertThat(delivery.event()).isInstanceOf(WebhookEvent.Page.class);
          WebhookEvent.Page page = (WebhookEvent.Page) delivery.event();
          assertThat(page.action()).isEqualTo("content_updated");
          assertThat(page.pageId()).isEqualTo("page-1");
          assertThat(delivery.installations())
              .extracting(Installation::botId)
              .containsExactly(r.botId());
          assertThat(r.consumer().threads()).containsOnly("notion-webhook-dispatcher");
          StoredWebhookEvent stored = awaitStatus(r.store(), idOf(event), Status.DELIVERED);
          assertThat(stored.installations()).containsExactly(r.botId());
          assertThat(stored.body()).isEqualTo(event);
          System.out.println(
              "webhook: POST "
                  + r.hook()
                  + " (X-Notion-Signature: sha256=…) → "
                  + answer.status()
                  + "; consumer got "
                  + page.envelope().type()
                  + " "
                  + page.pageId()
                  + " for bot "
                  + delivery.installations().get(0).botId());
        });
  }

  @Test
  void redeliveriesOfOneEventAreAnsweredTwoHundredAndDeliveredOnce() throws Exception {
    withServer(
        r -> {
          String token = r.token();
          String first = r.sender().installedEvent("page.created", "page-1");
          String second = r.sender().redelivery(first);
          String third = r.sender().redelivery(second);

          for (String body : List.of(first, second, third)) {
            assertThat(r.sender().deliver(r.hook(), token, body).status()).isEqualTo(200);
          }

          r.consumer().next();
          StoredWebhookEvent stored = awaitStatus(r.store(), idOf(first), Status.DELIVERED);
          assertThat(stored.attempts()).isEqualTo(1);
          assertThat(r.store().list(Optional.empty(), 10)).hasSize(1);
          assertThat(r.consumer().drain()).isEmpty();
        });
  }

  @Test
  void badDeliveriesAreRefusedAndNothingIsStoredOrDelivered() throws Exception {
    withServer(
        c -> c.webhookMaxBodyBytes(4096),
        new RecordingWebhookConsumer(),
        r -> {
          String token = r.token();
          String event = r.sender().installedEvent("page.created", "page-1");
          byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
          String otherToken = "secret_" + NotionEmulator.CANARY + UUID.randomUUID();

          assertThat(
                  r.sender()
                      .deliverWithSignature(r.hook(), event, WebhookSender.sign(otherToken, bytes))
                      .status())
              .as("signed with another token")
              .isEqualTo(401);
          assertThat(r.sender().deliverWithSignature(r.hook(), event, null).status())
              .as("unsigned")
              .isEqualTo(401);
          assertThat(r.sender().deliverReserialised(r.hook(), token, event).status())
              .as("the same JSON re-serialised after signing")
              .isEqualTo(401);
          String sig = WebhookSender.sign(token, bytes);
          assertThat(
                  r.sender()
                      .deliverWithSignature(r.hook(), event, "sha1=" + sig.substring(7))
                      .status())
              .as("another algorithm")
              .isEqualTo(401);
          assertThat(
                  r.sender()
                      .deliverWithSignature(r.hook(), event, sig.substring(0, sig.length() - 1))
                      .status())
              .as("a truncated signature")
              .isEqualTo(401);
          String big = r.sender().oversized(event, 8192);
          Delivery tooBig = r.sender().deliver(r.hook(), token, big);
          assertThat(tooBig.status()).as("oversized").isEqualTo(413);
          assertThat(tooBig.body()).doesNotContain("page-1");
          String notAnEvent = "{\"hello\":\"world\"}";
          assertThat(r.sender().deliver(r.hook(), token, notAnEvent).status())
              .as("signed, but not an event")
              .isEqualTo(400);

          assertThat(r.store().list(Optional.empty(), 10)).isEmpty();
          assertThat(r.consumer().drain()).isEmpty();
          String metrics =
              HttpClient.newHttpClient()
                  .send(
                      HttpRequest.newBuilder(r.hook().resolve("/metrics")).GET().build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body();
          assertThat(metrics)
              .contains(
                  "notion_oauth_webhook_requests_total{outcome=\"handshake\"} 1",
                  "notion_oauth_webhook_requests_total{outcome=\"unauthorized\"} 5",
                  "notion_oauth_webhook_requests_total{outcome=\"too_large\"} 1",
                  "notion_oauth_webhook_requests_total{outcome=\"bad_request\"} 1",
                  "notion_oauth_webhook_requests_total{outcome=\"accepted\"} 0",
                  "notion_oauth_webhook_events{status=\"pending\"} 0");
          HttpResponse<String> get =
              HttpClient.newHttpClient()
                  .send(
                      HttpRequest.newBuilder(r.hook()).GET().build(),
                      HttpResponse.BodyHandlers.ofString());
          assertThat(get.statusCode()).isEqualTo(405);
          assertThat(get.headers().firstValue("allow")).contains("POST");
          TestServers.assertSecurityHeaders(get);
        });
  }

  @Test
  void aForgedHandshakeAfterTheTokenIsSetIsRefusedAndTheTokenStays() throws Exception {
    withServer(
        r -> {
          String real = r.token();

          WebhookSender.Handshake forged = r.sender().handshake(r.hook());

          assertThat(forged.delivery().status()).isEqualTo(401);
          String event = r.sender().installedEvent("page.created", "page-1");
          assertThat(r.sender().deliver(r.hook(), forged.token(), event).status()).isEqualTo(401);
          assertThat(r.sender().deliver(r.hook(), real, event).status()).isEqualTo(200);
          assertThat(r.consumer().next().event().envelope().id()).isEqualTo(idOf(event));
        });
  }

  @Test
  void aHandshakeOutsideACaptureWindowIsRefusedEvenWithNoTokenStored() throws Exception {
    withServer(
        r -> {
          WebhookSender.Handshake planted = r.sender().handshake(r.hook());

          assertThat(planted.delivery().status()).isEqualTo(401);
          assertThat(planted.delivery().body().strip()).isEqualTo(WebhookReceiver.UNAUTHORIZED);
          assertThat(r.store().candidates()).isEmpty();
          assertThat(r.store().verificationToken()).isEmpty();
          String event = r.sender().installedEvent("page.deleted", "page-1");
          assertThat(r.sender().deliver(r.hook(), planted.token(), event).status()).isEqualTo(401);
          assertThat(r.store().list(Optional.empty(), 10)).isEmpty();
        });
  }

  @Test
  void aTokenIsNotUsedForSignaturesUntilConfirmed() throws Exception {
    withServer(
        r -> {
          WebhookVerification verification = new WebhookVerification(r.store());
          verification.open(Duration.ofMinutes(1));
          WebhookSender.Handshake planted = r.sender().handshake(r.hook());
          String event = r.sender().installedEvent("page.deleted", "page-1");

          assertThat(planted.delivery().status()).as("kept as a candidate").isEqualTo(200);
          assertThat(r.sender().deliver(r.hook(), planted.token(), event).status())
              .as("signed with a candidate nobody confirmed")
              .isEqualTo(401);
          assertThat(r.store().list(Optional.empty(), 10)).isEmpty();
          assertThat(r.consumer().drain()).isEmpty();

          assertThat(verification.confirm(1)).isTrue();
          assertThat(r.sender().deliver(r.hook(), planted.token(), event).status()).isEqualTo(200);
        });
  }

  @Test
  void twoHandshakesInOneWindowAreBothListedAndNeitherIsTrusted() throws Exception {
    withServer(
        r -> {
          WebhookVerification verification = new WebhookVerification(r.store());
          verification.open(Duration.ofMinutes(1));
          WebhookSender.Handshake attacker = r.sender().handshake(r.hook());
          WebhookSender.Handshake notion = r.sender().handshake(r.hook(), true);

          assertThat(verification.candidates())
              .extracting(c -> c.token().value())
              .containsExactly(attacker.token(), notion.token());
          assertThat(verification.candidates())
              .extracting(WebhookCandidate::from)
              .containsOnly("127.0.0.1");
          String event = r.sender().installedEvent("page.created", "page-1");
          for (String token : List.of(attacker.token(), notion.token())) {
            assertThat(r.sender().deliver(r.hook(), token, event).status()).isEqualTo(401);
          }

          assertThat(verification.confirm(2)).isTrue();

          assertThat(r.sender().deliver(r.hook(), attacker.token(), event).status()).isEqualTo(401);
          assertThat(r.sender().deliver(r.hook(), notion.token(), event).status()).isEqualTo(200);
          assertThat(r.sender().handshake(r.hook()).delivery().status())
              .as("the window closed with the confirmation")
              .isEqualTo(401);
        });
  }

  @Test
  void aResendInANewWindowReplacesTheTokenOnlyOnceConfirmed() throws Exception {
    withServer(
        r -> {
          String old = r.token();
          WebhookVerification verification = new WebhookVerification(r.store());
          verification.open(Duration.ofMinutes(1));

          WebhookSender.Handshake resend = r.sender().handshake(r.hook());
          String event = r.sender().installedEvent("page.created", "page-1");

          assertThat(resend.delivery().status()).isEqualTo(200);
          assertThat(r.sender().deliver(r.hook(), old, event).status())
              .as("the confirmed token stays in use meanwhile")
              .isEqualTo(200);
          assertThat(verification.confirm(1)).isTrue();
          String next = r.sender().installedEvent("page.created", "page-2");
          assertThat(r.sender().deliver(r.hook(), resend.token(), next).status())
              .as("the new token works at once")
              .isEqualTo(200);
          // the old one stops once the receiver reads the token again (within a second)
          long deadline = System.nanoTime() + 5_000_000_000L;
          int oldAnswer = 200;
          while (oldAnswer == 200 && System.nanoTime() < deadline) {
            String later = r.sender().installedEvent("page.created", "page-3");
            oldAnswer = r.sender().deliver(r.hook(), old, later).status();
            Thread.sleep(50);
          }
          assertThat(oldAnswer).isEqualTo(401);
        });
  }

  @Test
  void everyUnauthenticatedRefusalReadsTheSameWhateverTheWindow() throws Exception {
    withServer(
        r -> {
          String event = r.sender().installedEvent("page.created", "page-1");
          byte[] bytes = event.getBytes(StandardCharsets.UTF_8);
          String garbage = "not json at all";
          List<Delivery> refusals = new java.util.ArrayList<>();
          // no token, window closed
          refusals.add(r.sender().deliverWithSignature(r.hook(), garbage, "sha256=00"));
          refusals.add(r.sender().deliverWithSignature(r.hook(), garbage, null));
          refusals.add(r.sender().deliverWithSignature(r.hook(), event, null));
          // window open
          new WebhookVerification(r.store()).open(Duration.ofMinutes(1));
          refusals.add(r.sender().deliverWithSignature(r.hook(), garbage, "sha256=00"));
          refusals.add(r.sender().deliverWithSignature(r.hook(), garbage, null));
          refusals.add(r.sender().deliverWithSignature(r.hook(), event, null));
          refusals.add(
              r.sender()
                  .deliverWithSignature(
                      r.hook(), event, WebhookSender.sign("secret_other", bytes)));

          assertThat(refusals).extracting(Delivery::status).containsOnly(401);
          assertThat(refusals).extracting(Delivery::body).containsOnly(refusals.get(0).body());
          assertThat(r.store().candidates()).isEmpty();
        });
  }

  @Test
  void anUnsignedBodyLargerThanAHandshakeIsRefusedBeforeItIsRead() throws Exception {
    withServer(
        r -> {
          new WebhookVerification(r.store()).open(Duration.ofMinutes(1));
          String padded =
              "{\"verification_token\":\"secret_x\",\"pad\":\"" + "x".repeat(2000) + "\"}";

          Delivery answer = r.sender().deliverWithSignature(r.hook(), padded, null);

          assertThat(answer.status()).isEqualTo(401);
          assertThat(r.store().candidates()).isEmpty();
        });
  }

  @Test
  void aSignedEventOlderThanThreeDaysIsAnsweredButNeitherStoredNorDelivered() throws Exception {
    withServer(
        r -> {
          String token = r.token();
          String old =
              r.sender()
                  .at(
                      r.sender().installedEvent("page.deleted", "page-1"),
                      Instant.now().minus(Duration.ofDays(10)));

          assertThat(r.sender().deliver(r.hook(), token, old).status()).isEqualTo(200);

          assertThat(r.store().find(idOf(old))).isEmpty();
          String fresh = r.sender().installedEvent("page.created", "page-2");
          assertThat(r.sender().deliver(r.hook(), token, fresh).status()).isEqualTo(200);
          assertThat(r.consumer().next().event().envelope().id()).isEqualTo(idOf(fresh));
          assertThat(r.consumer().drain()).isEmpty();
        });
  }

  @Test
  void anAddressRefusedTooOftenIsAnsweredTooManyRequestsBeforeAnythingIsRead() throws Exception {
    withServer(
        r -> {
          int refused = 0;
          Delivery last = null;
          for (int i = 0; i < 40; i++) {
            last = r.sender().deliverWithSignature(r.hook(), "{}", "sha256=00");
            if (last.status() == 401) {
              refused++;
            } else {
              break;
            }
          }

          assertThat(refused).isEqualTo(30);
          assertThat(last.status()).isEqualTo(429);
        });
  }

  @Test
  void anEncryptionKeyAloneMountsNoWebhookRoute() throws Exception {
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      try (NotionOAuthServer server =
          NotionOAuthServer.builder(TestServers.config(notion, port).build()).build().start()) {
        URI hook = URI.create("http://localhost:" + port + "/notion/webhooks");

        assertThat(server.webhookStore()).isEmpty();
        assertThat(notion.webhooks().handshake(hook).delivery().status()).isEqualTo(404);
      }
    }
  }

  @Test
  void theVerificationTokenIsStoredSealedNeverInClear() throws Exception {
    Path db = Files.createTempDirectory("hooks").resolve("s.db");
    withServer(
        c -> c.jdbcUrl("jdbc:sqlite:" + db),
        new RecordingWebhookConsumer(),
        r -> {
          new WebhookVerification(r.store()).open(Duration.ofMinutes(1));
          String candidate = r.sender().handshake(r.hook()).token();
          String token = r.token();

          assertThat(r.store().verificationToken().orElseThrow().value()).isEqualTo(token);
          assertThat(r.store().verificationToken().orElseThrow().toString()).doesNotContain(token);
          assertThat(candidate).isNotEqualTo(token);
          for (Path file : List.of(db, Path.of(db + "-wal"))) {
            if (Files.exists(file)) {
              assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                  .as(file.toString())
                  .doesNotContain(token.substring("secret_".length()))
                  .doesNotContain(candidate.substring("secret_".length()));
            }
          }
          assertThat(TestServers.awaitLog("Webhook verification request #1 received"))
              .doesNotContain(token)
              .doesNotContain(candidate);
        });
  }

  @Test
  void anEventForNoStoredInstallationIsKeptAsUnmatchedAndDeliveredToNobody() throws Exception {
    withServer(
        r -> {
          String token = r.token();
          String elsewhere =
              r.sender()
                  .event(
                      "page.created",
                      UUID.randomUUID().toString(),
                      "page-9",
                      List.of(UUID.randomUUID().toString()),
                      1);

          assertThat(r.sender().deliver(r.hook(), token, elsewhere).status()).isEqualTo(200);

          awaitStatus(r.store(), idOf(elsewhere), Status.UNMATCHED);
          assertThat(r.store().count(Status.UNMATCHED)).isEqualTo(1);
          assertThat(r.consumer().drain()).isEmpty();
        });
  }

  @Test
  void aggregatedAndOutOfOrderEventsAreEachDeliveredWithWhatTheyCarry() throws Exception {
    withServer(
        r -> {
          String token = r.token();
          Instant now = Instant.now();
          String earlier =
              r.sender()
                  .at(r.sender().installedEvent("comment.created", "c-1"), now.minusSeconds(60));
          String later =
              r.sender()
                  .aggregated(
                      r.sender().at(r.sender().installedEvent("page.content_updated", "p-1"), now),
                      3,
                      5);

          assertThat(r.sender().deliver(r.hook(), token, later).status()).isEqualTo(200);
          assertThat(r.sender().deliver(r.hook(), token, earlier).status()).isEqualTo(200);

          WebhookDelivery a = r.consumer().next();
          WebhookDelivery b = r.consumer().next();
          List<WebhookDelivery> inTimeOrder =
              List.of(a, b).stream()
                  .sorted(
                      java.util.Comparator.comparing(
                          (WebhookDelivery d) -> d.event().envelope().timestamp()))
                  .toList();
          assertThat(inTimeOrder.get(0).event()).isInstanceOf(WebhookEvent.Comment.class);
          assertThat(inTimeOrder.get(1).event().envelope().authors()).hasSize(3);
          assertThat(inTimeOrder.get(1).event().envelope().data()).contains("updated_blocks");
        });
  }

  @Test
  void aConsumerFetchesTheEntitysCurrentStateWithTheMatchingInstallationsToken() throws Exception {
    List<String> titles = new java.util.concurrent.CopyOnWriteArrayList<>();
    NotionOAuthServer[] server = new NotionOAuthServer[1];
    RecordingWebhookConsumer recording = new RecordingWebhookConsumer();
    dev.notionoauth.spi.WebhookConsumer fetching =
        d -> {
          titles.add(d.fetchEntity(server[0].installations()).path("id").asString());
          recording.onEvent(d);
        };
    try (NotionEmulator notion = NotionEmulator.start()) {
      int port = TestServers.freePort();
      try (NotionOAuthServer s =
          NotionOAuthServer.builder(TestServers.config(notion, port).webhooksEnabled(true).build())
              .webhookConsumers(List.of(fetching))
              .build()
              .start()) {
        server[0] = s;
        URI base = URI.create("http://localhost:" + port);
        HttpBrowser browser = new HttpBrowser();
        browser.follow(browser.get(notion.approve(browser.install(base))));
        URI hook = base.resolve("/notion/webhooks");
        String pageId = notion.createPage("Roadmap", dev.notionoauth.emulator.PageAccess.SHARED);
        String token =
            WebhookHandshake.confirmedToken(
                s.webhookStore().orElseThrow(), notion.webhooks(), hook);

        notion
            .webhooks()
            .deliver(
                hook, token, notion.webhooks().installedEvent("page.properties_updated", pageId));

        recording.next();
        assertThat(titles).containsExactly(pageId);
      }
    }
  }

  @Test
  void aFailingConsumerIsRetriedThenDeadLetteredAndAReplayDeliversIt() throws Exception {
    RecordingWebhookConsumer consumer = new RecordingWebhookConsumer().failing(2);
    withServer(
        c -> c.webhookMaxAttempts(2).webhookRetryDelay(Duration.ofSeconds(1)),
        consumer,
        r -> {
          String token = r.token();
          String event = r.sender().installedEvent("database.schema_updated", "db-1");

          assertThat(r.sender().deliver(r.hook(), token, event).status()).isEqualTo(200);

          StoredWebhookEvent dead = awaitStatus(r.store(), idOf(event), Status.FAILED);
          assertThat(dead.attempts()).isEqualTo(2);
          assertThat(dead.lastError()).isEqualTo(IllegalStateException.class.getName());
          assertThat(consumer.drain()).isEmpty();

          assertThat(r.store().requeue(idOf(event), Instant.now())).isTrue();

          assertThat(consumer.next().event()).isInstanceOf(WebhookEvent.Database.class);
          awaitStatus(r.store(), idOf(event), Status.DELIVERED);
        });
  }
}
