package dev.notionoauth.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notionoauth.AccessToken;
import dev.notionoauth.FlowContext;
import dev.notionoauth.Installation;
import dev.notionoauth.NotionUser;
import dev.notionoauth.Owner;
import dev.notionoauth.RefreshToken;
import dev.notionoauth.spi.InstallationStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link InstallationStore} must have. Extend it and return a fresh, empty
 * store from {@link #newStore()}; JUnit runs every test on it.
 */
public abstract class InstallationStoreContract {
  /** Whole milliseconds: stores may keep no finer time. */
  protected static final Instant NOW = Instant.parse("2026-11-27T12:00:00.123Z");

  /** The store under test, fresh and empty. */
  protected InstallationStore store;

  /** Creates a fresh, empty store. */
  protected abstract InstallationStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  /** An installation as the store consumer would hand it over. */
  protected static Installation installation(String botId, String workspaceId, String token) {
    return new Installation(
        botId,
        new Installation.Workspace(workspaceId, "Workspace \"" + botId + "\" <é>", "🧪"),
        new Owner.User(
            new NotionUser(
                "d40e767c-d7af-4b18-a86d-55c61f1e39a4",
                "Ada",
                null,
                "person",
                "ada@example.org",
                true)),
        null,
        new FlowContext(Map.of("user-id", "u-" + botId)),
        true,
        new Installation.TokenPair(
            new AccessToken("ntn_" + token), new RefreshToken("nrt_" + token), 0),
        Installation.Health.active(NOW, "authorized"),
        new Installation.Timestamps(NOW, NOW, null));
  }

  @Test
  void aRevokedInstallationStaysRevokedUntilItIsAuthorizedAgain() {
    store.upsert(installation("b1", "w1", "one"));
    assertTrue(
        store.setHealth(
            "b1", new Installation.Health(Installation.Status.REVOKED, NOW, "revoked")));
    assertFalse(
        store.setHealth(
            "b1",
            new Installation.Health(Installation.Status.NEEDS_REAUTH, NOW, "refresh refused")));
    assertFalse(store.setHealth("b1", Installation.Health.active(NOW, "introspection: active")));
    assertEquals(Installation.Status.REVOKED, store.find("b1").orElseThrow().status());
    store.upsert(installation("b1", "w1", "two"));
    assertEquals(Installation.Status.ACTIVE, store.find("b1").orElseThrow().status());
  }

  @Test
  void upsertInsertsAndFindReturnsEveryField() {
    Installation stored = store.upsert(installation("b1", "w1", "one"));

    Installation found = store.find("b1").orElseThrow();
    assertEquals(stored, found);
    assertEquals(1, found.tokens().version());
    assertEquals("ntn_one", found.tokens().access().value());
    assertEquals("nrt_one", java.util.Objects.requireNonNull(found.tokens().refresh()).value());
    assertEquals("Workspace \"b1\" <é>", found.workspace().name());
    assertEquals(installation("b1", "w1", "one").owner(), found.owner());
    assertEquals("u-b1", found.context().values().get("user-id"));
    assertTrue(found.bound());
    assertEquals(NOW, found.timestamps().created());
    assertTrue(store.find("nope").isEmpty());
  }

  @Test
  void aReauthorizationReplacesThePairKeepsCreatedAtAndBumpsTheVersion() {
    store.upsert(installation("b1", "w1", "one"));
    Installation again = installation("b1", "w1", "two");
    again =
        new Installation(
            again.botId(),
            new Installation.Workspace(again.workspace().id(), "Renamed", null),
            again.owner(),
            null,
            again.context(),
            true,
            new Installation.TokenPair(again.tokens().access(), null, 0),
            Installation.Health.active(NOW, "authorized"),
            new Installation.Timestamps(NOW.plusSeconds(60), NOW.plusSeconds(60), null));

    Installation returned = store.upsert(again);

    Installation found = store.find("b1").orElseThrow();
    assertEquals(found, returned, "upsert returns the installation as stored");
    assertEquals("ntn_two", found.tokens().access().value());
    assertNull(found.tokens().refresh());
    assertEquals("Renamed", found.workspace().name());
    assertEquals(2, found.tokens().version());
    assertEquals(NOW, found.timestamps().created());
    assertEquals(NOW.plusSeconds(60), found.timestamps().updated());
    assertEquals(1, store.count());
  }

  @Test
  void findsByWorkspaceAndByContextValue() {
    store.upsert(installation("b1", "w1", "one"));
    store.upsert(installation("b2", "w1", "two"));
    store.upsert(installation("b3", "w2", "three"));

    assertEquals(2, store.findByWorkspace("w1").size());
    assertEquals("b3", store.findByContext("user-id", "u-b3").get(0).botId());
    assertTrue(store.findByContext("user-id", "u-nobody").isEmpty());
  }

  @Test
  void listsPagesInBotIdOrder() {
    for (String id : new String[] {"b3", "b1", "b5", "b2", "b4"}) {
      store.upsert(installation(id, "w", id));
    }

    List<Installation> first = store.list(null, 2);
    List<Installation> second = store.list(first.get(1).botId(), 2);
    List<Installation> third = store.list(second.get(1).botId(), 2);

    assertEquals(List.of("b1", "b2"), first.stream().map(Installation::botId).toList());
    assertEquals(List.of("b3", "b4"), second.stream().map(Installation::botId).toList());
    assertEquals(List.of("b5"), third.stream().map(Installation::botId).toList());
    assertEquals(5, store.count());
  }

  @Test
  void aLeaseIsExclusiveAndOnlyForTheExpectedVersion() {
    store.upsert(installation("b1", "w1", "one"));

    assertFalse(store.tryLease("b1", 7, "a", NOW.plusSeconds(30), NOW));
    assertTrue(store.tryLease("b1", 1, "a", NOW.plusSeconds(30), NOW));
    assertFalse(store.tryLease("b1", 1, "b", NOW.plusSeconds(30), NOW.plusSeconds(1)));
    assertTrue(store.tryLease("b1", 1, "b", NOW.plusSeconds(90), NOW.plusSeconds(31)));
    assertFalse(store.tryLease("nope", 1, "a", NOW.plusSeconds(30), NOW));
  }

  /** What a refresh that started from {@code stored} would complete with. */
  private static Installation refreshedFrom(Installation stored, String access) {
    return stored.withRefreshedTokens(
        new dev.notionoauth.TokenResponse(
            new AccessToken(access),
            "bearer",
            new RefreshToken("nrt_" + access),
            stored.botId(),
            stored.workspace().id(),
            null,
            null,
            stored.owner(),
            null,
            null),
        NOW.plusSeconds(1));
  }

  @Test
  void aRefreshCompletesOnlyFromTheVersionItStartedFrom() {
    Installation stored = store.upsert(installation("b1", "w1", "one"));
    assertTrue(store.tryLease("b1", 1, "holder", NOW.plusSeconds(30), NOW));
    Installation refreshed = refreshedFrom(stored, "ntn_new");

    assertFalse(store.completeLease(refreshed, 7));
    assertTrue(store.completeLease(refreshed, 1));

    Installation found = store.find("b1").orElseThrow();
    assertEquals("ntn_new", found.tokens().access().value());
    assertEquals(2, found.tokens().version());
    assertEquals(NOW.plusSeconds(1), found.timestamps().refreshed());
    assertFalse(store.completeLease(refreshed, 1), "a second completion from version 1");
    assertTrue(store.tryLease("b1", 2, "next", NOW.plusSeconds(30), NOW.plusSeconds(2)));
  }

  @Test
  void aRefreshCompletingAfterARevokeChangesNothing() {
    Installation stored = store.upsert(installation("b1", "w1", "one"));
    assertTrue(store.tryLease("b1", 1, "refresher", NOW.plusSeconds(30), NOW));

    assertTrue(
        store.setHealth(
            "b1", new Installation.Health(Installation.Status.REVOKED, NOW, "revoked")));

    assertFalse(store.completeLease(refreshedFrom(stored, "ntn_late"), 1));
    Installation found = store.find("b1").orElseThrow();
    assertEquals(Installation.Status.REVOKED, found.status());
    assertEquals("ntn_one", found.tokens().access().value());
    assertTrue(found.tokens().version() > 1, "a revoke moves the version on");
    assertTrue(
        store.tryLease("b1", found.tokens().version(), "x", NOW.plusSeconds(30), NOW),
        "a revoke ends the refresher's lease");
  }

  @Test
  void aRefreshCompletingAfterADeleteDoesNotBringItBack() {
    Installation stored = store.upsert(installation("b1", "w1", "one"));
    assertTrue(store.tryLease("b1", 1, "refresher", NOW.plusSeconds(30), NOW));

    assertTrue(store.delete("b1"));

    assertFalse(store.completeLease(refreshedFrom(stored, "ntn_late"), 1));
    assertTrue(store.find("b1").isEmpty());
    assertEquals(0, store.count());
  }

  @Test
  void aRefreshCompletingAfterAReauthorizationChangesNothing() {
    Installation stored = store.upsert(installation("b1", "w1", "one"));
    assertTrue(store.tryLease("b1", 1, "refresher", NOW.plusSeconds(30), NOW));

    store.upsert(installation("b1", "w1", "reauthorized"));

    assertFalse(store.completeLease(refreshedFrom(stored, "ntn_late"), 1));
    Installation found = store.find("b1").orElseThrow();
    assertEquals("ntn_reauthorized", found.tokens().access().value());
    assertEquals(2, found.tokens().version());
  }

  @Test
  void aRefreshCompletingAfterAClaimKeepsTheClaimAndStoresThePair() {
    Installation unbound = store.upsert(unbound(installation("b1", "w1", "one")));
    assertTrue(store.tryLease("b1", 1, "refresher", NOW.plusSeconds(30), NOW));

    assertTrue(store.bind("b1", FlowContext.of("user-id", "42"), NOW.plusSeconds(1)));

    assertTrue(store.completeLease(refreshedFrom(unbound, "ntn_refreshed"), 1));
    Installation found = store.find("b1").orElseThrow();
    assertTrue(found.bound(), "the claim stays");
    assertEquals(FlowContext.of("user-id", "42"), found.context());
    assertEquals("ntn_refreshed", found.tokens().access().value());
    assertEquals("b1", store.findByContext("user-id", "42").get(0).botId());
  }

  @Test
  void aRefreshCompletingAfterItWasMarkedNeedsReauthChangesNothing() {
    Installation stored = store.upsert(installation("b1", "w1", "one"));
    assertTrue(store.tryLease("b1", 1, "refresher", NOW.plusSeconds(30), NOW));

    store.setHealth("b1", new Installation.Health(Installation.Status.NEEDS_REAUTH, NOW, "marked"));

    assertFalse(store.completeLease(refreshedFrom(stored, "ntn_late"), 1));
    assertEquals(Installation.Status.NEEDS_REAUTH, store.find("b1").orElseThrow().status());
  }

  /** The installation as it arrives from an install started on Notion's side. */
  private static Installation unbound(Installation i) {
    return new Installation(
        i.botId(),
        new Installation.Workspace(i.workspace().id(), i.workspace().name(), i.workspace().icon()),
        i.owner(),
        i.duplicatedTemplateId(),
        FlowContext.empty(),
        false,
        new Installation.TokenPair(i.tokens().access(), i.tokens().refresh(), 0),
        i.health(),
        new Installation.Timestamps(NOW, NOW, null));
  }

  @Test
  void aReauthorizationAfterARefreshKeepsTheRefreshTimeAndReturnsWhatItStored() {
    Installation stored = store.upsert(installation("b1", "w1", "one"));
    assertTrue(store.tryLease("b1", stored.tokens().version(), "me", NOW.plusSeconds(30), NOW));
    assertTrue(
        store.completeLease(
            stored.withRefreshedTokens(
                new dev.notionoauth.TokenResponse(
                    new AccessToken("ntn_refreshed"),
                    "bearer",
                    null,
                    stored.botId(),
                    stored.workspace().id(),
                    null,
                    null,
                    stored.owner(),
                    null,
                    null),
                NOW.plusSeconds(5)),
            stored.tokens().version()));

    Installation again = store.upsert(installation("b1", "w1", "two"));

    assertEquals(store.find("b1").orElseThrow(), again);
    assertEquals(NOW.plusSeconds(5), again.timestamps().refreshed());
    assertEquals(3, again.tokens().version());
  }

  @Test
  void aReleasedLeaseCanBeTakenAgain() {
    store.upsert(installation("b1", "w1", "one"));
    assertTrue(store.tryLease("b1", 1, "a", NOW.plusSeconds(30), NOW));

    store.releaseLease("b1", "someone-else");
    assertFalse(store.tryLease("b1", 1, "b", NOW.plusSeconds(30), NOW));
    store.releaseLease("b1", "a");
    assertTrue(store.tryLease("b1", 1, "b", NOW.plusSeconds(30), NOW));
  }

  @Test
  void ofManyConcurrentLeaseClaimsExactlyOneWins() throws Exception {
    store.upsert(installation("b1", "w1", "one"));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Boolean>> results = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      String owner = "claimant-" + i;
      results.add(
          pool.submit(
              () -> {
                go.await();
                return store.tryLease("b1", 1, owner, NOW.plusSeconds(30), NOW);
              }));
    }
    go.countDown();
    int won = 0;
    for (Future<Boolean> f : results) {
      won += f.get() ? 1 : 0;
    }
    pool.shutdown();

    assertEquals(1, won);
  }

  @Test
  void changesStatusBindsAndDeletes() {
    Installation unbound = installation("b1", "w1", "one");
    unbound =
        new Installation(
            unbound.botId(),
            new Installation.Workspace(
                unbound.workspace().id(), unbound.workspace().name(), unbound.workspace().icon()),
            unbound.owner(),
            unbound.duplicatedTemplateId(),
            FlowContext.empty(),
            false,
            new Installation.TokenPair(unbound.tokens().access(), unbound.tokens().refresh(), 0),
            unbound.health(),
            new Installation.Timestamps(NOW, NOW, null));
    store.upsert(unbound);

    Installation.Health needsReauth =
        new Installation.Health(
            Installation.Status.NEEDS_REAUTH, NOW.plusSeconds(1), "refresh refused: invalid_grant");
    assertTrue(store.setHealth("b1", needsReauth));
    assertFalse(store.setHealth("b1", needsReauth), "the same status again is no change");
    assertEquals(needsReauth, store.find("b1").orElseThrow().health());
    assertTrue(store.bind("b1", FlowContext.of("user-id", "42"), NOW.plusSeconds(2)));
    assertFalse(
        store.bind("b1", FlowContext.of("user-id", "43"), NOW.plusSeconds(3)),
        "a bound installation is never bound again");
    Installation bound = store.find("b1").orElseThrow();
    assertTrue(bound.bound());
    assertEquals("b1", store.findByContext("user-id", "42").get(0).botId());
    assertTrue(store.delete("b1"));
    assertFalse(store.delete("b1"));
    assertFalse(store.setHealth("b1", Installation.Health.active(NOW, "x")));
    assertFalse(store.bind("b1", FlowContext.empty(), NOW));
    assertEquals(0, store.count());
  }
}
