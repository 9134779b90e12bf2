package dev.notionoauth.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notionoauth.AccessToken;
import dev.notionoauth.FlowContext;
import dev.notionoauth.Installation;
import dev.notionoauth.Owner;
import dev.notionoauth.RefreshToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptionAtRestTest {
  static final Instant NOW = Instant.parse("2026-11-27T12:00:00Z");
  @TempDir Path dir;

  static Installation installation(String botId, String canary) {
    return new Installation(
        botId,
        new Installation.Workspace("w1", "Workspace", null),
        new Owner.Workspace(),
        null,
        FlowContext.of("user-id", "1"),
        true,
        new Installation.TokenPair(
            new AccessToken("ntn_" + canary), new RefreshToken("nrt_" + canary), 0),
        Installation.Health.active(NOW, "authorized"),
        new Installation.Timestamps(NOW, NOW, null));
  }

  static byte[] key(int fill) {
    byte[] k = new byte[32];
    java.util.Arrays.fill(k, (byte) fill);
    return k;
  }

  private static String raw(JdbcStores stores, String column, String botId) throws Exception {
    try (Connection c = stores.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + column + " FROM installation WHERE bot_id = ?")) {
      ps.setString(1, botId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }

  private static void setRaw(JdbcStores stores, String column, String botId, String value)
      throws Exception {
    try (Connection c = stores.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("UPDATE installation SET " + column + " = ? WHERE bot_id = ?")) {
      ps.setString(1, value);
      ps.setString(2, botId);
      ps.executeUpdate();
    }
  }

  @Test
  void aCopiedDatabaseFileRevealsNoToken() throws Exception {
    JdbcStoreSettings settings = Databases.sqlite(dir, EncryptionKeys.of(key(1), List.of()));
    try (JdbcStores stores = JdbcStores.open(settings)) {
      stores.installationStore().upsert(installation("b1", "CANARY_TOKEN_42"));

      assertThat(raw(stores, "access_token", "b1")).startsWith("v1.").doesNotContain("CANARY");
      assertThat(raw(stores, "refresh_token", "b1")).startsWith("v1.").doesNotContain("CANARY");
      assertThat(stores.installationStore().find("b1").orElseThrow().tokens().access().value())
          .isEqualTo("ntn_CANARY_TOKEN_42");
    }
    Path file = Path.of(settings.jdbcUrl().substring("jdbc:sqlite:".length()));
    List<Path> files = new ArrayList<>(List.of(file));
    for (String suffix : new String[] {"-wal", "-shm"}) {
      Path extra = Path.of(file + suffix);
      if (Files.exists(extra)) {
        files.add(extra);
      }
    }
    for (Path f : files) {
      assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
          .doesNotContain("CANARY_TOKEN_42");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void aFlippedByteFailsTheIntegrityCheckInsteadOfReturningGarbage() throws Exception {
    try (JdbcStores stores =
        JdbcStores.open(Databases.sqlite(dir, EncryptionKeys.of(key(1), List.of())))) {
      stores.installationStore().upsert(installation("b1", "x"));
      String sealed = raw(stores, "access_token", "b1");
      char last = sealed.charAt(sealed.length() - 5);
      setRaw(
          stores,
          "access_token",
          "b1",
          sealed.substring(0, sealed.length() - 5)
              + (last == 'A' ? 'B' : 'A')
              + sealed.substring(sealed.length() - 4));

      assertThatThrownBy(() -> stores.installationStore().find("b1"))
          .isInstanceOf(TokenDecryptionException.class)
          .hasMessage("stored access_token of bot_id=b1 failed its integrity check");
    }
  }

  @Test
  void aCiphertextMovedToAnotherRowOrColumnDoesNotOpen() throws Exception {
    try (JdbcStores stores =
        JdbcStores.open(Databases.sqlite(dir, EncryptionKeys.of(key(1), List.of())))) {
      stores.installationStore().upsert(installation("b1", "one"));
      stores.installationStore().upsert(installation("b2", "two"));
      setRaw(stores, "access_token", "b2", raw(stores, "access_token", "b1"));
      assertThatThrownBy(() -> stores.installationStore().find("b2"))
          .isInstanceOf(TokenDecryptionException.class);

      setRaw(stores, "access_token", "b1", raw(stores, "refresh_token", "b1"));
      assertThatThrownBy(() -> stores.installationStore().find("b1"))
          .isInstanceOf(TokenDecryptionException.class);
    }
  }

  @Test
  void rotationReSealsEveryRowAndOldKeysStayReadableUntilThen() throws Exception {
    JdbcStoreSettings first = Databases.sqlite(dir, EncryptionKeys.of(key(1), List.of()));
    try (JdbcStores stores = JdbcStores.open(first)) {
      for (int i = 0; i < 5; i++) {
        stores.installationStore().upsert(installation("b" + i, "tok" + i));
      }
    }
    EncryptionKeys rotated = EncryptionKeys.of(key(2), List.of(key(1)));
    JdbcStoreSettings second =
        JdbcStoreSettings.builder(first.jdbcUrl()).poolSize(4).keys(rotated).build();
    try (JdbcStores stores = JdbcStores.open(second)) {
      assertThat(stores.installationStore().find("b3").orElseThrow().tokens().access().value())
          .isEqualTo("ntn_tok3");
      List<Integer> progress = new ArrayList<>();

      int done = stores.keyRotation().run(progress::add, () -> true);

      assertThat(done).isEqualTo(5);
      assertThat(progress).containsExactly(1, 2, 3, 4, 5);
      assertThat(stores.installationSummaries().page(null, 10))
          .allSatisfy(s -> assertThat(s.keyId()).isEqualTo(rotated.currentId()));
      assertThat(stores.keyRotation().run(n -> {}, () -> true)).isZero();
    }
    JdbcStoreSettings onlyNew =
        JdbcStoreSettings.builder(first.jdbcUrl())
            .poolSize(4)
            .keys(EncryptionKeys.of(key(2), List.of()))
            .build();
    try (JdbcStores stores = JdbcStores.open(onlyNew)) {
      assertThat(stores.installationStore().find("b4").orElseThrow().tokens().refresh())
          .isEqualTo(new RefreshToken("nrt_tok4"));
    }
  }

  @Test
  void anInterruptedRotationCanBeRunAgain() throws Exception {
    JdbcStoreSettings first = Databases.sqlite(dir, EncryptionKeys.of(key(1), List.of()));
    try (JdbcStores stores = JdbcStores.open(first)) {
      for (int i = 0; i < 4; i++) {
        stores.installationStore().upsert(installation("b" + i, "tok" + i));
      }
    }
    JdbcStoreSettings second =
        JdbcStoreSettings.builder(first.jdbcUrl())
            .poolSize(4)
            .keys(EncryptionKeys.of(key(2), List.of(key(1))))
            .build();
    try (JdbcStores stores = JdbcStores.open(second)) {
      int[] calls = {0};
      assertThat(stores.keyRotation().run(n -> {}, () -> calls[0]++ < 2)).isEqualTo(2);
      assertThat(stores.keyRotation().run(n -> {}, () -> true)).isEqualTo(2);
    }
  }

  @Test
  void aRowSealedWithAnUnconfiguredKeySaysWhichKeyIsMissing() {
    JdbcStoreSettings first = Databases.sqlite(dir, EncryptionKeys.of(key(1), List.of()));
    try (JdbcStores stores = JdbcStores.open(first)) {
      stores.installationStore().upsert(installation("b1", "x"));
    }
    JdbcStoreSettings other =
        JdbcStoreSettings.builder(first.jdbcUrl())
            .poolSize(4)
            .keys(EncryptionKeys.of(key(3), List.of()))
            .build();
    try (JdbcStores stores = JdbcStores.open(other)) {
      assertThatThrownBy(() -> stores.installationStore().find("b1"))
          .isInstanceOf(TokenDecryptionException.class)
          .hasMessageContaining("key id " + EncryptionKeys.of(key(1), List.of()).currentId())
          .hasMessageContaining("store.previous-encryption-keys");
      assertThat(stores.installationSummaries().page(null, 10)).hasSize(1);
    }
  }

  @Test
  void aRowWrittenOnTheOldKeyDuringARotationIsFoundAndNamedAfterThePass() throws Exception {
    // review M5: B rotates to K2 while A, still configured with K1 only, keeps writing
    JdbcStoreSettings onOld = Databases.sqlite(dir, EncryptionKeys.of(key(1), List.of()));
    JdbcStoreSettings onNew =
        JdbcStoreSettings.builder(onOld.jdbcUrl())
            .poolSize(4)
            .keys(EncryptionKeys.of(key(2), List.of(key(1))))
            .build();
    try (JdbcStores a = JdbcStores.open(onOld);
        JdbcStores b = JdbcStores.open(onNew)) {
      a.installationStore().upsert(installation("b1", "one"));
      b.keyRotation().run(n -> {}, () -> true);
      a.installationStore().upsert(installation("b2", "two")); // after the pass, on K1

      assertThat(b.keyRotation().countNotOnCurrentKey()).isEqualTo(1);
      assertThat(b.keyRotation().notOnCurrentKey(10)).containsExactly("b2");
      b.keyRotation().run(n -> {}, () -> true); // the next pass catches it
      assertThat(b.keyRotation().countNotOnCurrentKey()).isZero();
    }
  }

  @Test
  void aRowWhoseKeyIsMissingNeverAbortsAListAndIsNamedByTheCheck() throws Exception {
    JdbcStoreSettings first = Databases.sqlite(dir, EncryptionKeys.of(key(1), List.of()));
    try (JdbcStores stores = JdbcStores.open(first)) {
      stores.installationStore().upsert(installation("b1", "lost"));
    }
    JdbcStoreSettings other =
        JdbcStoreSettings.builder(first.jdbcUrl())
            .poolSize(4)
            .keys(EncryptionKeys.of(key(2), List.of()))
            .build();
    try (JdbcStores stores = JdbcStores.open(other)) {
      stores.installationStore().upsert(installation("b2", "kept"));
      Installation kept = stores.installationStore().find("b2").orElseThrow();

      assertThat(stores.installationStore().list(null, 10)).containsExactly(kept);
      assertThat(stores.installationStore().findByWorkspace(kept.workspace().id()))
          .containsExactly(kept);
      assertThat(stores.keyRotation().run(n -> {}, () -> true)).isZero();
      assertThat(stores.keyRotation().notOnCurrentKey(10)).containsExactly("b1");
    }
  }

  @Test
  void keysAndSettingsNeverPrintSecrets() {
    EncryptionKeys keys = EncryptionKeys.fromBase64(EncryptionKeys.generateBase64(), List.of());
    JdbcStoreSettings s =
        JdbcStoreSettings.builder("jdbc:postgresql://db/x?password=hunter2")
            .username("u")
            .password("hunter2")
            .poolSize(4)
            .keys(keys)
            .build();

    assertThat(keys.toString()).contains(keys.currentId()).hasSizeLessThan(60);
    assertThat(s.toString()).doesNotContain("hunter2");
    assertThatThrownBy(() -> EncryptionKeys.fromBase64("c2hvcnQ=", List.of()))
        .hasMessageContaining("must be 32 bytes");
  }
}
