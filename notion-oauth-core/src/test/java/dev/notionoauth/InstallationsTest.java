package dev.notionoauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.Fault;
import dev.notionoauth.emulator.NotionEmulator;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

class InstallationsTest {
  @RegisterExtension
  static final EmulatedNotion NOTION = EmulatedNotion.configured(b -> b.autoApprove(true));

  private NotionOAuthClient client;
  private InMemoryInstallationStore store;
  private Installations installations;

  @BeforeEach
  void setUp() {
    client = NotionOAuthClient.create(NOTION.settingsFor("http://localhost:1/cb").build());
    store = new InMemoryInstallationStore();
    installations = Installations.builder(store, client).clock(Clock.systemUTC()).build();
  }

  private Installation installed() {
    URI callback =
        NOTION.emulator().approve(client.authorizeUrl(State.generate(new SecureRandom())));
    TokenResponse t =
        client.exchangeCode(new AuthorizationCode(NotionEmulator.codeOf(callback).orElseThrow()));
    Installation stored =
        store.upsert(
            Installation.from(
                t, FlowContext.of("user-id", "42"), true, Clock.systemUTC().instant()));
    NOTION.emulator().clearRequests();
    return stored;
  }

  private static long refreshCalls() {
    JsonMapper json = JsonMapper.builder().build();
    return NOTION.emulator().requests(Endpoint.TOKEN).stream()
        .filter(
            r -> json.readTree(r.body()).get("grant_type").stringValue().equals("refresh_token"))
        .count();
  }

  private static final java.time.Instant NOW = java.time.Instant.parse("2026-12-01T12:00:00Z");

  private static TokenResponse token(String botId) {
    return TokenResponse.fromJson(
        "{\"access_token\":\"ntn_"
            + botId
            + "\",\"token_type\":\"bearer\",\"bot_id\":\""
            + botId
            + "\",\"workspace_id\":\"a5cd917a-a3d7-4a41-b9c5-c9d1b0c5c7e5\",\"owner\":{\"type\":\"workspace\",\"workspace\":true}}");
  }

  @Test
  void findsInstallationsByBotWorkspaceAndContext() {
    Installation i = installed();

    assertThat(installations.find(i.botId())).contains(i);
    assertThat(installations.findByWorkspace(i.workspace().id())).containsExactly(i);
    assertThat(installations.findByContext("user-id", "42")).containsExactly(i);
    assertThat(installations.accessToken(i.botId())).isEqualTo(i.tokens().access());
  }

  @Test
  void refreshStoresTheNewPairBeforeHandingItOut() {
    Installation i = installed();

    Installation refreshed = installations.refresh(i.botId());

    assertThat(refreshed.tokens().access()).isNotEqualTo(i.tokens().access());
    assertThat(refreshed.tokens().version()).isEqualTo(i.tokens().version() + 1);
    assertThat(store.find(i.botId())).contains(refreshed);
    assertThat(NOTION.emulator().isActive(refreshed.tokens().access().value())).isTrue();
    assertThat(refreshCalls()).isEqualTo(1);
  }

  @Test
  void concurrentRefreshesOfOneInstallationCallNotionOnce() throws Exception {
    Installation i = installed();
    NOTION.emulator().failNext(Endpoint.TOKEN, Fault.delay(java.time.Duration.ofMillis(300)));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Installation>> results = new ArrayList<>();
    for (int n = 0; n < 8; n++) {
      results.add(
          pool.submit(
              () -> {
                go.await();
                return installations.refresh(i.botId());
              }));
    }
    go.countDown();
    List<AccessToken> seen = new ArrayList<>();
    for (Future<Installation> f : results) {
      seen.add(f.get().tokens().access());
    }
    pool.shutdown();

    assertThat(refreshCalls()).isEqualTo(1);
    assertThat(seen).containsOnly(store.find(i.botId()).orElseThrow().tokens().access());
  }

  @Test
  void aRejectedTokenIsReplacedOnlyIfNobodyReplacedItAlready() {
    Installation i = installed();
    AccessToken fresh = installations.accessTokenAfterRejection(i.botId(), i.tokens().access());
    assertThat(fresh).isNotEqualTo(i.tokens().access());

    assertThat(installations.accessTokenAfterRejection(i.botId(), i.tokens().access()))
        .isEqualTo(fresh);
    assertThat(refreshCalls()).isEqualTo(1);
  }

  @Test
  void aRefreshNotionRefusesMarksTheInstallationInactive() {
    Installation i = installed();
    NOTION.emulator().failNext(Endpoint.TOKEN, Fault.error(400, "invalid_grant"));

    assertThatThrownBy(() -> installations.refresh(i.botId()))
        .isInstanceOfSatisfying(
            InstallationException.class,
            e -> assertThat(e.reason()).isEqualTo(InstallationException.Reason.NEEDS_REAUTH));
    assertThat(store.find(i.botId()).orElseThrow().status())
        .isEqualTo(Installation.Status.NEEDS_REAUTH);
    assertThatThrownBy(() -> installations.accessToken(i.botId()))
        .isInstanceOf(InstallationException.class);
  }

  @Test
  void aRefreshThatFailsInTransitLeavesTheRowAndReleasesTheLease() {
    Installation i = installed();
    NOTION.emulator().failNext(Endpoint.TOKEN, Fault.brokenConnection());

    assertThatThrownBy(() -> installations.refresh(i.botId()))
        .isInstanceOf(NotionTransportException.class);
    assertThat(store.find(i.botId())).contains(i);
    assertThat(
            store.tryLease(
                i.botId(),
                i.tokens().version(),
                "next",
                Clock.systemUTC().instant().plusSeconds(5),
                Clock.systemUTC().instant()))
        .isTrue();
  }

  @Test
  void revokeCallsNotionFirstThenKeepsTheRowAsRevokedUntilDeleted() {
    Installation i = installed();
    NOTION.emulator().failNext(Endpoint.REVOKE, Fault.serverError(), 3);

    assertThatThrownBy(() -> installations.revoke(i.botId()))
        .isInstanceOf(dev.notionoauth.NotionApiException.class);
    assertThat(store.find(i.botId())).isPresent();

    installations.revoke(i.botId());

    assertThat(store.find(i.botId()).orElseThrow().health())
        .satisfies(
            h -> {
              assertThat(h.status()).isEqualTo(Installation.Status.REVOKED);
              assertThat(h.reason()).isEqualTo("revoked");
            });
    assertThat(NOTION.emulator().isActive(i.tokens().access().value())).isFalse();
    assertThatThrownBy(() -> installations.accessToken(i.botId()))
        .isInstanceOfSatisfying(
            InstallationException.class,
            e -> assertThat(e.reason()).isEqualTo(InstallationException.Reason.REVOKED));
    assertThat(installations.delete(i.botId())).isTrue();
    assertThat(store.find(i.botId())).isEmpty();
  }

  /** Installations over a store that lets the test act in the middle of a refresh or revoke. */
  private InterceptingStore intercepting() {
    InterceptingStore racing = new InterceptingStore();
    installations = Installations.builder(racing, client).build();
    return racing;
  }

  private Installation installedIn(InterceptingStore racing) {
    URI callback =
        NOTION.emulator().approve(client.authorizeUrl(State.generate(new SecureRandom())));
    TokenResponse t =
        client.exchangeCode(new AuthorizationCode(NotionEmulator.codeOf(callback).orElseThrow()));
    return racing.upsert(
        Installation.from(t, FlowContext.of("user-id", "42"), true, Clock.systemUTC().instant()));
  }

  @Test
  void aRevokeDuringARefreshStaysRevokedAndTheNewPairIsRevokedAtNotion() {
    InterceptingStore racing = intercepting();
    Installation i = installedIn(racing);
    racing.beforeCompleteLease(() -> installations.revoke(i.botId()));

    assertThatThrownBy(() -> installations.refresh(i.botId()))
        .isInstanceOfSatisfying(
            InstallationException.class,
            e -> assertThat(e.reason()).isEqualTo(InstallationException.Reason.REVOKED));

    Installation after = racing.find(i.botId()).orElseThrow();
    assertThat(after.status()).isEqualTo(Installation.Status.REVOKED);
    assertThat(after.tokens().access()).isEqualTo(i.tokens().access());
    String newPair = racing.lastRefreshed().tokens().access().value();
    assertThat(NOTION.emulator().isActive(newPair)).as("the refreshed pair").isFalse();
    assertThat(NOTION.emulator().isActive(i.tokens().access().value())).isFalse();
  }

  @Test
  void aDeleteDuringARefreshIsNotUndone() {
    InterceptingStore racing = intercepting();
    Installation i = installedIn(racing);
    racing.beforeCompleteLease(() -> installations.delete(i.botId()));

    assertThatThrownBy(() -> installations.refresh(i.botId()))
        .isInstanceOfSatisfying(
            InstallationException.class,
            e -> assertThat(e.reason()).isEqualTo(InstallationException.Reason.NOT_FOUND));

    assertThat(racing.find(i.botId())).isEmpty();
    assertThat(NOTION.emulator().isActive(racing.lastRefreshed().tokens().access().value()))
        .isFalse();
  }

  @Test
  void aRefreshThatCompletesJustBeforeARevokeIsMarkedLeavesNoLiveToken() {
    InterceptingStore racing = intercepting();
    Installation i = installedIn(racing);
    // the revoke has read the row; the refresh completes before it calls Notion and marks it
    racing.afterNextFind(() -> installations.refresh(i.botId()));

    installations.revoke(i.botId());

    Installation after = racing.find(i.botId()).orElseThrow();
    assertThat(after.status()).isEqualTo(Installation.Status.REVOKED);
    assertThat(after.tokens().access()).isNotEqualTo(i.tokens().access()).as("the refresh landed");
    assertThat(NOTION.emulator().isActive(after.tokens().access().value())).isFalse();
    assertThat(NOTION.emulator().isActive(i.tokens().access().value())).isFalse();
  }

  @Test
  void aReauthorizationDuringARefreshWinsAndTheRefreshHandsOutItsPair() {
    InterceptingStore racing = intercepting();
    Installation i = installedIn(racing);
    AccessToken[] reauthorized = new AccessToken[1];
    racing.beforeCompleteLease(() -> reauthorized[0] = installedIn(racing).tokens().access());

    Installation handedOut = installations.refresh(i.botId());

    assertThat(handedOut.tokens().access()).isEqualTo(reauthorized[0]);
    assertThat(racing.find(i.botId()).orElseThrow().tokens().access()).isEqualTo(reauthorized[0]);
    assertThat(NOTION.emulator().isActive(reauthorized[0].value())).isTrue();
    assertThat(NOTION.emulator().isActive(racing.lastRefreshed().tokens().access().value()))
        .isFalse();
  }

  @Test
  void checkAsksNotionAndMarksInactiveInstallations() {
    Installation i = installed();
    assertThat(installations.check(i.botId())).isTrue();

    client.revoke(i.tokens().access()); // e.g. the user removed the connection in Notion

    assertThat(installations.check(i.botId())).isFalse();
    assertThat(store.find(i.botId()).orElseThrow().status())
        .isEqualTo(Installation.Status.NEEDS_REAUTH);
  }

  /** An authorization saved the way the store consumer saves it, with the flow's context. */
  private Installation authorizedWith(FlowContext context) {
    URI callback =
        NOTION.emulator().approve(client.authorizeUrl(State.generate(new SecureRandom())));
    TokenResponse t =
        client.exchangeCode(new AuthorizationCode(NotionEmulator.codeOf(callback).orElseThrow()));
    return installations.save(
        Installation.from(t, context, !context.isEmpty(), Clock.systemUTC().instant()));
  }

  @Test
  void aReauthorizationThatNamesNobodyKeepsTheOwnerInsteadOfUnlinkingIt() {
    Installation owned = authorizedWith(FlowContext.of("user-id", "u-1"));

    Installation again = authorizedWith(FlowContext.empty()); // e.g. started from Notion's side

    assertThat(again.botId()).isEqualTo(owned.botId());
    assertThat(again.context()).isEqualTo(FlowContext.of("user-id", "u-1"));
    assertThat(again.bound()).isTrue();
    assertThat(installations.findByContext("user-id", "u-1")).hasSize(1);
  }

  @Test
  void aReauthorizationByAnotherAccountMovesItWithAWarningNamingBoth() throws Exception {
    authorizedWith(FlowContext.of("user-id", "u-1"));
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    Installation moved;
    try {
      System.setErr(new java.io.PrintStream(captured, true, "UTF-8"));
      moved = authorizedWith(FlowContext.of("user-id", "u-2"));
    } finally {
      System.setErr(err);
    }

    assertThat(moved.context().get("user-id")).contains("u-2");
    assertThat(installations.findByContext("user-id", "u-1")).isEmpty();
    assertThat(captured.toString("UTF-8"))
        .contains(
            "Re-authorization moves bot_id="
                + moved.botId()
                + " from {user-id=u-1} to {user-id=u-2}");
  }

  @Test
  void aReauthorizationReplacesThePairUnderTheSameBot() {
    Installation first = installed();
    Installation second = installed();

    assertThat(second.botId()).isEqualTo(first.botId());
    assertThat(second.tokens().version()).isEqualTo(first.tokens().version() + 1);
    assertThat(installations.accessToken(first.botId())).isEqualTo(second.tokens().access());
    assertThat(store.count()).isEqualTo(1);
  }

  @Test
  void savingThePairThatIsStoredAlreadyIsNoReauthorization() {
    Installation first = installed();
    Installation retried =
        first.withHealth(Installation.Health.active(first.timestamps().updated(), "x"));

    Installation again = installations.save(retried);

    assertThat(again.tokens().version()).isEqualTo(first.tokens().version());
    assertThat(again).isEqualTo(store.find(first.botId()).orElseThrow());
    assertThat(store.count()).isEqualTo(1);
  }

  @Test
  void anUnknownInstallationIsATypedError() {
    assertThatThrownBy(() -> installations.refresh("nope"))
        .isInstanceOfSatisfying(
            InstallationException.class,
            e -> assertThat(e.reason()).isEqualTo(InstallationException.Reason.NOT_FOUND));
  }
}
