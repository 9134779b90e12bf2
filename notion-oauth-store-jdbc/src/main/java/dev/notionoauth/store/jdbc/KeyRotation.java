package dev.notionoauth.store.jdbc;

import dev.notionoauth.Installation;
import dev.notionoauth.store.jdbc.internal.Jdbc;
import dev.notionoauth.store.jdbc.internal.TokenCipher;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Re-seals stored tokens under the current encryption key after a new key was added, and names what
 * is still on an older one. From {@link JdbcStores#keyRotation()}; the server's {@code rotate-key}
 * command and its start-up check call it.
 */
public final class KeyRotation {
  private final Jdbc jdbc;
  private final @Nullable TokenCipher cipher;
  private final InstallationSummaries summaries;
  private final JdbcInstallationStore installations;

  KeyRotation(
      Jdbc jdbc,
      @Nullable TokenCipher cipher,
      InstallationSummaries summaries,
      JdbcInstallationStore installations) {
    this.jdbc = jdbc;
    this.cipher = cipher;
    this.summaries = summaries;
    this.installations = installations;
  }

  /**
   * Re-seals every token not sealed with the current key, one row per transaction, so it can be
   * interrupted and run again safely.
   *
   * @param progress told how many rows have been looked at so far
   * @param keepGoing asked before each row; false stops early
   * @return how many rows were re-sealed
   */
  public int run(IntConsumer progress, BooleanSupplier keepGoing) {
    TokenCipher c = TokenCipher.require(cipher);
    int seen = 0;
    int rotated = 0;
    String after = null;
    while (true) {
      List<InstallationSummary> page = summaries.page(after, 100);
      if (page.isEmpty()) {
        return rotated;
      }
      for (InstallationSummary s : page) {
        if (!keepGoing.getAsBoolean()) {
          return rotated;
        }
        seen++;
        if (!s.keyId().equals(c.currentId())) {
          rotated += reseal(s, c);
        }
        progress.accept(seen);
      }
      after = page.get(page.size() - 1).botId();
    }
  }

  /**
   * The installations whose tokens are not sealed with the current key (for example written by a
   * server still configured with an older key, or sealed with a key not configured here), up to
   * {@code limit}, by bot id. A finished rotation leaves none.
   */
  public List<String> notOnCurrentKey(int limit) {
    String current = TokenCipher.require(cipher).currentId();
    return jdbc.query(
        "looking for tokens on an older key",
        "SELECT bot_id FROM installation WHERE key_id <> ? ORDER BY bot_id LIMIT ?",
        ps -> {
          ps.setString(1, current);
          ps.setInt(2, limit);
        },
        rs -> rs.getString(1));
  }

  /** How many installations are not sealed with the current key. */
  public long countNotOnCurrentKey() {
    String current = TokenCipher.require(cipher).currentId();
    return jdbc.queryOne(
            "counting tokens on an older key",
            "SELECT COUNT(*) FROM installation WHERE key_id <> ?",
            ps -> ps.setString(1, current),
            rs -> rs.getLong(1))
        .orElse(0L);
  }

  private int reseal(InstallationSummary s, TokenCipher c) {
    Optional<Installation> row;
    try {
      row = installations.find(s.botId());
    } catch (TokenDecryptionException e) {
      return 0; // sealed with a key not configured here: left for notOnCurrentKey to name
    }
    if (row.isEmpty()) {
      return 0;
    }
    SealedTokens sealed = SealedTokens.of(row.get(), c);
    return jdbc.update(
        "re-sealing tokens",
        "UPDATE installation SET access_token = ?, refresh_token = ?, key_id = ? WHERE bot_id = ?"
            + " AND key_id = ? AND token_version = ?",
        ps -> {
          ps.setString(1, sealed.access());
          Jdbc.setNullable(ps, 2, sealed.refresh());
          ps.setString(3, sealed.keyId());
          ps.setString(4, s.botId());
          ps.setString(5, s.keyId());
          ps.setLong(6, s.tokenVersion());
        });
  }
}
