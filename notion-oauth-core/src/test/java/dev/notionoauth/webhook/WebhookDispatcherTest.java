package dev.notionoauth.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.FlowContext;
import dev.notionoauth.InMemoryInstallationStore;
import dev.notionoauth.Installation;
import dev.notionoauth.TokenResponse;
import dev.notionoauth.spi.WebhookConsumer;
import dev.notionoauth.webhook.StoredWebhookEvent.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Routing, retries and dead letters, on the calling thread with a fixed clock. */
class WebhookDispatcherTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private final InMemoryInstallationStore installations = new InMemoryInstallationStore();
  private final InMemoryWebhookStore store = new InMemoryWebhookStore();
  private final List<WebhookDelivery> delivered = new ArrayList<>();

  /** A stable UUID for a readable name (Notion's ids are UUIDs). */
  private static String u(String name) {
    return java.util
        .UUID
        .nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .toString();
  }

  private static Installation installation(String bot, String workspace, String user) {
    String botId = u(bot);
    String workspaceId = u(workspace);
    String userId = u(user);
    TokenResponse token =
        TokenResponse.fromJson(
            "{\"access_token\":\"ntn_x\",\"token_type\":\"bearer\",\"bot_id\":\""
                + botId
                + "\",\"workspace_id\":\""
                + workspaceId
                + "\",\"owner\":{\"type\":\"user\",\"user\":{\"object\":\"user\",\"id\":\""
                + userId
                + "\"}}}");
    return Installation.from(token, FlowContext.empty(), true, NOW);
  }

  private static String event(String id, String workspace, String accessibleBy) {
    String workspaceId = u(workspace);
    return "{\"id\":\""
        + id
        + "\",\"timestamp\":\"2026-12-01T09:59:00Z\",\"workspace_id\":\""
        + workspaceId
        + "\",\"type\":\"page.created\",\"entity\":{\"id\":\"p-1\",\"type\":\"page\"},"
        + "\"accessible_by\":["
        + accessibleBy
        + "]}";
  }

  /** An event that names nobody: no {@code accessible_by} field at all. */
  private static String unaddressed(String id, String workspace) {
    return event(id, workspace, "").replace(",\"accessible_by\":[]", "");
  }

  private static String visibleTo(String bot) {
    return "{\"id\":\"" + u(bot) + "\",\"type\":\"bot\"}";
  }

  private void receive(String body) {
    store.record(StoredWebhookEvent.received(WebhookEnvelope.fromJson(body), body, NOW));
  }

  private WebhookDispatcher dispatcher(Clock clock, WebhookConsumer consumer, int maxAttempts) {
    return WebhookDispatcher.builder(store, installations)
        .consumers(List.of(consumer))
        .clock(clock)
        .maxAttempts(maxAttempts)
        .retryDelay(Duration.ofSeconds(5))
        .build();
  }

  private static Clock at(Instant t) {
    return Clock.fixed(t, ZoneOffset.UTC);
  }

  @Test
  void anEventGoesOnlyToTheInstallationsWhoseBotOrOwnerCanSeeIt() {
    installations.upsert(installation("bot-a", "ws-1", "user-a"));
    installations.upsert(installation("bot-b", "ws-1", "user-b"));
    installations.upsert(installation("bot-c", "ws-1", "user-c"));
    installations.upsert(installation("bot-d", "ws-2", "user-a"));
    receive(
        event(
            "e1",
            "ws-1",
            "{\"id\":\""
                + u("bot-a")
                + "\",\"type\":\"bot\"},{\"id\":\""
                + u("user-b")
                + "\",\"type\":\"person\"}"));

    dispatcher(at(NOW), delivered::add, 8).runDue();

    assertThat(delivered).hasSize(1);
    assertThat(delivered.get(0).installations())
        .extracting(Installation::botId)
        .containsExactlyInAnyOrder(u("bot-a"), u("bot-b"));
    assertThat(store.find("e1").orElseThrow().installations())
        .containsExactlyInAnyOrder(u("bot-a"), u("bot-b"));
    assertThat(store.find("e1").orElseThrow().status()).isEqualTo(Status.DELIVERED);
  }

  @Test
  void anEmptyAccessibleByMatchesNobody() {
    installations.upsert(installation("bot-a", "ws-1", "user-a"));
    receive(event("e1", "ws-1", ""));

    dispatcher(at(NOW), delivered::add, 8).runDue();

    assertThat(delivered).isEmpty();
    assertThat(store.find("e1").orElseThrow().status()).isEqualTo(Status.UNMATCHED);
  }

  @Test
  void anEventWithoutAccessibleByReachesTheWorkspaceOnlyWhereThatIsTurnedOn() {
    installations.upsert(installation("bot-a", "ws-1", "user-a"));
    installations.upsert(installation("bot-b", "ws-1", "user-b"));
    receive(unaddressed("e1", "ws-1"));
    assertThat(WebhookEnvelope.fromJson(unaddressed("e1", "ws-1")).accessibleBy()).isEmpty();

    dispatcher(at(NOW), delivered::add, 8).runDue();
    assertThat(delivered).isEmpty();
    assertThat(store.find("e1").orElseThrow().status()).isEqualTo(Status.UNMATCHED);

    receive(unaddressed("e2", "ws-1"));
    WebhookDispatcher.builder(store, installations)
        .consumers(List.of(delivered::add))
        .clock(at(NOW))
        .deliverUnaddressedToWorkspace(true)
        .build()
        .runDue();
    assertThat(delivered).singleElement().satisfies(d -> assertThat(d.installations()).hasSize(2));
  }

  @Test
  void aRevokedOrLapsedInstallationGetsNoEvents() {
    installations.upsert(installation("bot-a", "ws-1", "user-a"));
    installations.upsert(installation("bot-b", "ws-1", "user-b"));
    installations.setHealth(
        u("bot-a"), new Installation.Health(Installation.Status.REVOKED, NOW, "revoked"));
    installations.setHealth(
        u("bot-b"), new Installation.Health(Installation.Status.NEEDS_REAUTH, NOW, "lapsed"));
    receive(event("e1", "ws-1", visibleTo("bot-a") + "," + visibleTo("bot-b")));

    dispatcher(at(NOW), delivered::add, 8).runDue();

    assertThat(delivered).isEmpty();
    assertThat(store.find("e1").orElseThrow().status()).isEqualTo(Status.UNMATCHED);
  }

  @Test
  void anEventNoInstallationCanSeeIsUnmatchedCountedAndDeliveredToNobody() {
    installations.upsert(installation("bot-a", "ws-1", "user-a"));
    receive(event("e1", "ws-1", "{\"id\":\"" + u("bot-z") + "\",\"type\":\"bot\"}"));
    receive(event("e2", "ws-9", ""));

    WebhookDispatcher d = dispatcher(at(NOW), delivered::add, 8);
    d.runDue();

    assertThat(delivered).isEmpty();
    assertThat(store.count(Status.UNMATCHED)).isEqualTo(2);
    assertThat(d.unmatchedCount()).isEqualTo(2);
  }

  @Test
  void aFailingConsumerIsRetriedAfterADoublingDelayThenDeadLettered() {
    installations.upsert(installation("bot-a", "ws-1", "user-a"));
    receive(event("e1", "ws-1", visibleTo("bot-a")));
    AtomicInteger calls = new AtomicInteger();
    WebhookConsumer failing =
        d -> {
          calls.incrementAndGet();
          throw new IllegalStateException("down");
        };

    dispatcher(at(NOW), failing, 3).runDue();
    StoredWebhookEvent once = store.find("e1").orElseThrow();
    assertThat(once.status()).isEqualTo(Status.PENDING);
    assertThat(once.nextAttemptAt()).isEqualTo(NOW.plusSeconds(5));
    assertThat(dispatcher(at(NOW.plusSeconds(4)), failing, 3).runDue()).isZero();

    dispatcher(at(NOW.plusSeconds(5)), failing, 3).runDue();
    assertThat(store.find("e1").orElseThrow().nextAttemptAt()).isEqualTo(NOW.plusSeconds(15));
    dispatcher(at(NOW.plusSeconds(15)), failing, 3).runDue();

    StoredWebhookEvent dead = store.find("e1").orElseThrow();
    assertThat(dead.status()).isEqualTo(Status.FAILED);
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(dead.lastError()).isEqualTo("java.lang.IllegalStateException");
    assertThat(calls).hasValue(3);
  }

  @Test
  void theRetryDelayDoublesUpToAnHour() {
    WebhookDispatcher d = dispatcher(at(NOW), delivered::add, 8);

    assertThat(d.delay(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(d.delay(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(d.delay(4)).isEqualTo(Duration.ofSeconds(40));
    assertThat(d.delay(20)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void eventsAreTypedByCategoryAndUnknownTypesKeepTheirJson() {
    String comment =
        "{\"id\":\"e1\",\"timestamp\":\"2026-12-01T09:59:00Z\",\"workspace_id\":\"ws-1\","
            + "\"type\":\"comment.created\",\"entity\":{\"id\":\"c-1\",\"type\":\"comment\"},"
            + "\"data\":{\"page_id\":\"p-1\"}}";
    String future =
        "{\"id\":\"e2\",\"timestamp\":\"2026-12-01T09:59:00Z\",\"workspace_id\":\"ws-1\","
            + "\"type\":\"agent.thought\",\"entity\":{\"id\":\"a-1\",\"type\":\"agent\"},"
            + "\"data\":{\"x\":1}}";

    WebhookEvent c = WebhookEvent.of(WebhookEnvelope.fromJson(comment), comment);
    WebhookEvent u = WebhookEvent.of(WebhookEnvelope.fromJson(future), future);

    assertThat(c).isInstanceOf(WebhookEvent.Comment.class);
    assertThat(((WebhookEvent.Comment) c).pageId()).isEqualTo("p-1");
    assertThat(((WebhookEvent.Comment) c).commentId()).isEqualTo("c-1");
    assertThat(((WebhookEvent.Comment) c).action()).isEqualTo("created");
    assertThat(u).isInstanceOf(WebhookEvent.Unknown.class);
    assertThat(((WebhookEvent.Unknown) u).json()).isEqualTo(future);
    for (String type :
        List.of(
            "page.locked",
            "database.deleted",
            "data_source.created",
            "view.updated",
            "file_upload.completed")) {
      String body = comment.replace("comment.created", type);
      assertThat(WebhookEvent.of(WebhookEnvelope.fromJson(body), body))
          .isNotInstanceOf(WebhookEvent.Unknown.class);
    }
  }
}
