package dev.notionoauth.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notionoauth.AuthorizationCode;
import dev.notionoauth.FlowContext;
import dev.notionoauth.Installation;
import dev.notionoauth.NotionOAuthClient;
import dev.notionoauth.State;
import dev.notionoauth.TokenResponse;
import dev.notionoauth.emulator.Endpoint;
import dev.notionoauth.emulator.Fault;
import dev.notionoauth.emulator.MutableClock;
import dev.notionoauth.emulator.NotionEmulator;
import dev.notionoauth.emulator.PageAccess;
import dev.notionoauth.server.CommandsTest.Run;
import dev.notionoauth.store.jdbc.EncryptionKeys;
import dev.notionoauth.store.jdbc.JdbcStoreSettings;
import dev.notionoauth.store.jdbc.JdbcStores;
import dev.notionoauth.testkit.NotionEmulatorExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store commands ({@code tokens list|show|refresh|revoke|check}, {@code migrate}, {@code
 * rotate-key}) run as an operator would, against a SQLite store and the emulator as Notion: their
 * exit codes, what they print, and what they change.
 */
class StoreCommandsTest {
  static final String REDIRECT = "http://localhost:9/notion/callback";

  @TempDir Path dir;
  private NotionEmulator notion;
  private String keyA;
  private Path db;

  private final MutableClock clock = new MutableClock();

  @BeforeEach
  void setUp() {
    notion = NotionEmulator.builder().clock(clock).accessTokenLifetime(Duration.ofHours(1)).start();
    notion.registerRedirectUri(NotionEmulator.DEFAULT_CLIENT_ID, REDIRECT);
    keyA = EncryptionKeys.generateBase64();
    db = dir.resolve("store.db");
  }

  @AfterEach
  void tearDown() {
    notion.close();
  }

  /** A configuration file for the store in {@code dir}, sealed with {@code key}. */
  private String config(String key, String... previousKeys) throws IOException {
    Path file = Files.createTempFile(dir, "config", ".yaml");
    Files.writeString(
        file,
        "notion:\n"
            + "  client-id: "
            + NotionEmulator.DEFAULT_CLIENT_ID
            + "\n  client-secret: "
            + NotionEmulator.DEFAULT_CLIENT_SECRET
            + "\n  redirect-uri: "
            + REDIRECT
            + "\n  api-base-url: "
            + notion.baseUrl()
            + "\nstore:\n  jdbc-url: jdbc:sqlite:"
            + db
            + "\n  encryption-key: "
            + key
            + "\n  previous-encryption-keys: ["
            + String.join(", ", previousKeys)
            + "]\n");
    return file.toString();
  }

  /** The SQLite store in {@code db}, migrated, sealing with {@code key}. */
  static JdbcStores sqliteStore(Path db, String key) {
    return JdbcStores.open(
        JdbcStoreSettings.builder("jdbc:sqlite:" + db)
            .poolSize(2)
            .keys(EncryptionKeys.fromBase64(key, List.of()))
            .build());
  }

  /** Stores {@code count} installations whose tokens Notion no longer knows. */
  static void storeForgottenInstallations(Path db, String key, int count) {
    try (JdbcStores stores = sqliteStore(db, key)) {
      for (int i = 0; i < count; i++) {
        stores.installationStore().upsert(forgottenByNotion("ntn_gone_" + i));
      }
    }
  }

  private JdbcStores openStore(String key) {
    return sqliteStore(db, key);
  }

  /** An installation made by a real authorization at the emulator: Notion knows its tokens. */
  private Installation installedThroughNotion(String userId) {
    NotionOAuthClient client =
        NotionOAuthClient.create(NotionEmulatorExtension.settingsFor(notion, REDIRECT).build());
    URI callback = notion.approve(client.authorizeUrl(State.generate(new SecureRandom())));
    String code = NotionEmulator.codeOf(callback).orElseThrow();
    TokenResponse token = client.exchangeCode(new AuthorizationCode(code));
    try (JdbcStores stores = openStore(keyA)) {
      return stores
          .installationStore()
          .upsert(Installation.from(token, FlowContext.of("user", userId), true, Instant.now()));
    }
  }

  /** An installation whose tokens Notion no longer knows (revoked in Notion by the user). */
  static Installation forgottenByNotion(String accessToken) {
    TokenResponse token =
        TokenResponse.fromJson(
            "{\"access_token\":\""
                + accessToken
                + "\",\"token_type\":\"bearer\",\"refresh_token\":\"nrt_forgotten\","
                + "\"bot_id\":\""
                + UUID.randomUUID()
                + "\",\"workspace_id\":\""
                + UUID.randomUUID()
                + "\",\"workspace_name\":\"Old\",\"owner\":{\"type\":\"workspace\",\"workspace\":true}}");
    return Installation.from(token, FlowContext.empty(), true, Instant.now());
  }

  private Installation installedAndForgottenByNotion(String accessToken) {
    try (JdbcStores stores = openStore(keyA)) {
      return stores.installationStore().upsert(forgottenByNotion(accessToken));
    }
  }

  @Test
  void theApiCommandCallsNotionWithAnExpiredTokenRefreshingItOnceAndPrintsNoToken()
      throws Exception {
    Installation i = installedThroughNotion("u-1");
    String config = config(keyA);
    clock.advance(Duration.ofHours(2));
    notion.clearRequests();

    Run r = CommandsTest.run("api", i.botId(), "GET", "/v1/users/me", "--config", config);

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"id\" : \"" + i.botId() + "\"").contains("\"type\" : \"bot\"");
    assertThat(r.out() + r.err()).doesNotContain("ntn_").doesNotContain("nrt_");
    assertThat(notion.requests(Endpoint.TOKEN))
        .singleElement()
        .satisfies(t -> assertThat(t.body()).contains("refresh_token"));
    assertThat(notion.requests(Endpoint.USERS_ME)).hasSize(2);
    assertThat(CommandsTest.run("tokens", "show", i.botId(), "--config", config).out())
        .contains("token_version:   2");
  }

  @Test
  void theApiCommandSaysWhatNotionRefusedWithItsRequestIdAndExitsOne() throws Exception {
    Installation i = installedThroughNotion("u-1");
    String hidden = notion.createPage("Private", PageAccess.NOT_SHARED);

    Run r =
        CommandsTest.run("api", i.botId(), "GET", "/v1/pages/" + hidden, "--config", config(keyA));

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("error: Notion answered HTTP 404 object_not_found: Could not find page")
        .contains("(request id ");
    assertThat(
            CommandsTest.run("api", i.botId(), "PUT", "/v1/users/me", "--config", config(keyA))
                .code())
        .isEqualTo(2);
  }

  @Test
  void theApiCommandEscapesTerminalControlsAndBidiOverridesInNotionsContent() throws Exception {
    Installation i = installedThroughNotion("u-1");
    String page = notion.createPage("Plan \u009b2J \u202eevil", PageAccess.SHARED);

    Run r =
        CommandsTest.run("api", i.botId(), "GET", "/v1/pages/" + page, "--config", config(keyA));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("Plan \\u009b2J \\u202eevil")
        .doesNotContain("\u009b")
        .doesNotContain("\u202e");
  }

  @Test
  void aReconnectLinkCarriesTheInstallationsOwnContext() throws Exception {
    Installation i = installedThroughNotion("u-1");
    String secret = java.util.Base64.getEncoder().encodeToString(new byte[32]);
    Path file = Path.of(config(keyA));
    Files.writeString(
        file, Files.readString(file) + "server:\n  install-link-secret: " + secret + "\n");

    Run r = CommandsTest.run("tokens", "reconnect-link", i.botId(), "--config", file.toString());

    assertThat(r.code()).as(r.err()).isZero();
    URI link = URI.create(r.out().strip());
    assertThat(link.toString()).startsWith("http://localhost:9/notion/install?ctx=");
    assertThat(
            new dev.notionoauth.InstallLinks(new byte[32])
                .verify(link.getRawQuery(), java.time.Instant.now())
                .context()
                .get("user"))
        .contains("u-1");
  }

  @Test
  void migrateCreatesTheSchemaOnceAndThenSaysItIsUpToDate() throws Exception {
    String config = config(keyA);

    Run first = CommandsTest.run("migrate", "--config", config);
    Run second = CommandsTest.run("migrate", "--config", config);

    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("Applied 14 migration(s); schema is up to date.");
    assertThat(second.code()).isZero();
    assertThat(second.out()).contains("Schema is up to date.");
    assertThat(CommandsTest.run("tokens", "list", "--config", config).out())
        .contains("0 installation(s)");
  }

  @Test
  void listAndShowNeverPrintATokenUnlessAskedToReveal() throws Exception {
    Installation i = installedThroughNotion("u-42");
    String config = config(keyA);

    Run list = CommandsTest.run("tokens", "list", "--config", config);
    Run show = CommandsTest.run("tokens", "show", i.botId(), "--config", config);
    Run reveal = CommandsTest.run("tokens", "show", i.botId(), "--reveal", "--config", config);

    assertThat(list.code()).isZero();
    assertThat(list.out())
        .contains(i.botId(), i.workspace().id(), "ACTIVE", "Emulated Workspace", "u-42")
        .contains("1 installation(s)")
        .doesNotContain(i.tokens().access().value());
    assertThat(show.code()).isZero();
    assertThat(show.out())
        .contains("access_token:    *** (use --reveal)")
        .contains("refresh_token:   *** (use --reveal)")
        .contains("token_version:   1")
        .doesNotContain(i.tokens().access().value());
    assertThat(reveal.code()).isZero();
    assertThat(reveal.out()).contains("access_token:    " + i.tokens().access().value());
  }

  @Test
  void showingAnUnknownBotIsOneLineAndExitCodeOne() throws Exception {
    installedThroughNotion("u-1");

    Run r = CommandsTest.run("tokens", "show", "no-such-bot", "--config", config(keyA));

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).startsWith("error: ").contains("no-such-bot").doesNotContain("\n");
  }

  @Test
  void revealingNeedsTheConfiguredKeyNotJustADatabaseUrl() throws Exception {
    Installation i = installedThroughNotion("u-1");

    Run r =
        CommandsTest.run(
            "tokens", "show", i.botId(), "--reveal", "--jdbc-url", "jdbc:sqlite:" + db);

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).contains("give --config with store.encryption-key, not --jdbc-url");
    assertThat(r.out()).doesNotContain(i.tokens().access().value());
  }

  @Test
  void refreshReplacesThePairAtNotionAndInTheStore() throws Exception {
    Installation before = installedThroughNotion("u-1");
    String config = config(keyA);

    Run r = CommandsTest.run("tokens", "refresh", before.botId(), "--config", config);

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("Refreshed bot_id=" + before.botId() + " (token version 2)");
    assertThat(r.out()).doesNotContain("ntn_").doesNotContain("nrt_");
    assertThat(notion.requests(Endpoint.TOKEN)).hasSize(2); // the exchange, then the refresh
    assertThat(notion.isActive(before.tokens().access().value())).isFalse();
    try (JdbcStores stores = openStore(keyA)) {
      Installation after = stores.installationStore().find(before.botId()).orElseThrow();
      assertThat(notion.isActive(after.tokens().access().value())).isTrue();
      assertThat(after.tokens().version()).isEqualTo(2);
    }
  }

  @Test
  void aRefreshNotionRefusesExitsOneAndMarksTheInstallationNeedsReauth() throws Exception {
    Installation i = installedThroughNotion("u-1");
    notion.failNext(Endpoint.TOKEN, Fault.error(400, "invalid_grant"));
    String config = config(keyA);

    Run r = CommandsTest.run("tokens", "refresh", i.botId(), "--config", config);

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err()).startsWith("error: ").doesNotContain("nrt_");
    assertThat(CommandsTest.run("tokens", "show", i.botId(), "--config", config).out())
        .contains("status:          NEEDS_REAUTH")
        .contains("(refresh refused: invalid_grant)");
  }

  @Test
  void aRefreshNotionCannotAnswerLeavesTheStoredPairAsItWas() throws Exception {
    Installation i = installedThroughNotion("u-1");
    notion.failNext(Endpoint.TOKEN, Fault.serverError());
    String config = config(keyA);

    Run r = CommandsTest.run("tokens", "refresh", i.botId(), "--config", config);

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("error: could not refresh bot_id=" + i.botId() + " (")
        .contains("the stored pair is unchanged");
    assertThat(CommandsTest.run("tokens", "show", i.botId(), "--config", config).out())
        .contains("status:          ACTIVE")
        .contains("token_version:   1");
    assertThat(notion.isActive(i.tokens().access().value())).isTrue();
  }

  @Test
  void revokeRevokesAtNotionFirstThenKeepsTheRowAsRevoked() throws Exception {
    Installation i = installedThroughNotion("u-1");
    String config = config(keyA);

    Run r = CommandsTest.run("tokens", "revoke", i.botId(), "--config", config);

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("Revoked bot_id=" + i.botId() + " at Notion; it is kept as REVOKED.");
    assertThat(notion.isActive(i.tokens().access().value())).isFalse();
    assertThat(CommandsTest.run("tokens", "list", "--config", config).out())
        .containsPattern(i.botId() + " +\\S+ +REVOKED ")
        .contains("1 installation(s)");
  }

  @Test
  void aRevokeNotionCannotAnswerKeepsTheRowAndExitsOne() throws Exception {
    Installation i = installedThroughNotion("u-1");
    notion.failNext(Endpoint.REVOKE, Fault.serverError(), 5);
    String config = config(keyA);

    Run r = CommandsTest.run("tokens", "revoke", i.botId(), "--config", config);

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .startsWith("error: could not revoke bot_id=" + i.botId() + " at Notion (")
        .contains("the installation is kept");
    assertThat(notion.isActive(i.tokens().access().value())).isTrue();
    assertThat(CommandsTest.run("tokens", "list", "--config", config).out())
        .contains("1 installation(s)");
  }

  @Test
  void checkAsksNotionAboutEachInstallationAndMarksTheInactiveOnes() throws Exception {
    Installation live = installedThroughNotion("u-1");
    Installation forgotten = installedAndForgottenByNotion("ntn_forgotten_" + UUID.randomUUID());
    String config = config(keyA);

    Run r = CommandsTest.run("tokens", "check", "--config", config);

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(live.botId() + " active")
        .contains(forgotten.botId() + " NEEDS_REAUTH (marked)")
        .contains("/2] ")
        .contains("Checked 2: 1 active, 1 need re-authorization, 0 not checked.")
        .doesNotContain("ntn_");
    assertThat(CommandsTest.run("tokens", "show", forgotten.botId(), "--config", config).out())
        .contains("status:          NEEDS_REAUTH");
  }

  @Test
  void checkExitsOneWhenNotionCouldNotAnswerForSomeAndChangesNothingForThem() throws Exception {
    Installation i = installedThroughNotion("u-1");
    notion.failNext(Endpoint.INTROSPECT, Fault.serverError(), 5);
    String config = config(keyA);

    Run r = CommandsTest.run("tokens", "check", "--config", config);

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains(i.botId() + " not checked: ")
        .contains("Checked 1: 0 active, 0 need re-authorization, 1 not checked.");
    assertThat(CommandsTest.run("tokens", "show", i.botId(), "--config", config).out())
        .contains("status:          ACTIVE");
  }

  @Test
  void rotateKeyExitsOneNamingRowsItCouldNotReSealAndCheckWarnsAboutThem() throws Exception {
    Installation live = installedThroughNotion("u-1");
    String keyC = EncryptionKeys.generateBase64();
    Installation lost;
    try (JdbcStores stores = openStore(keyC)) { // sealed with a key the config does not know
      lost = stores.installationStore().upsert(forgottenByNotion("ntn_lost_" + UUID.randomUUID()));
    }
    String keyB = EncryptionKeys.generateBase64();
    String config = config(keyB, keyA);

    Run rotate = CommandsTest.run("rotate-key", "--config", config);
    Run check = CommandsTest.run("check", "--config", config);

    assertThat(rotate.code()).isEqualTo(1);
    assertThat(rotate.err())
        .contains("1 installation(s) are still sealed with an older key")
        .contains(lost.botId())
        .doesNotContain(live.botId())
        .contains("Deploy the new key to every instance");
    assertThat(check.code()).isZero();
    assertThat(check.out())
        .contains("warning: 1 installation(s) are sealed with an older encryption key");
  }

  @Test
  void rotateKeyReSealsEveryRowWithTheNewKeyAndTheOldKeyCanThenBeDropped() throws Exception {
    Installation live = installedThroughNotion("u-1");
    installedAndForgottenByNotion("ntn_other_" + UUID.randomUUID());
    try (JdbcStores stores = openStore(keyA)) {
      stores.webhookStore().openCapture(Instant.now().plusSeconds(60));
      stores
          .webhookStore()
          .addCandidate(
              new dev.notionoauth.WebhookVerificationToken("secret_webhook"),
              Instant.now(),
              "127.0.0.1",
              20);
      stores.webhookStore().confirm(1, Instant.now());
    }
    String keyB = EncryptionKeys.generateBase64();

    Run withoutOldKey =
        CommandsTest.run("tokens", "show", live.botId(), "--reveal", "--config", config(keyB));
    Run rotate = CommandsTest.run("rotate-key", "--config", config(keyB, keyA));
    Run again = CommandsTest.run("rotate-key", "--config", config(keyB, keyA));
    Run afterwards =
        CommandsTest.run("tokens", "show", live.botId(), "--reveal", "--config", config(keyB));

    assertThat(withoutOldKey.code()).isEqualTo(1);
    assertThat(withoutOldKey.err()).startsWith("error: ").doesNotContain(keyA);
    assertThat(rotate.code()).as(rotate.err()).isZero();
    assertThat(rotate.out())
        .contains("2/2 installations looked at")
        .contains(
            "Re-sealed 2 installation(s) and the webhook verification token; all tokens use the"
                + " current key.");
    assertThat(again.out()).contains("Re-sealed 0 installation(s); all tokens");
    try (JdbcStores stores = openStore(keyB)) {
      assertThat(stores.webhookStore().verificationToken().orElseThrow().value())
          .as("readable with the new key alone")
          .isEqualTo("secret_webhook");
    }
    assertThat(afterwards.code()).as(afterwards.err()).isZero();
    assertThat(afterwards.out()).contains("access_token:    " + live.tokens().access().value());
  }
}
