package dev.notionoauth.store.jdbc;

import dev.notionoauth.apikey.ApiKey;
import dev.notionoauth.apikey.ApiKeys;
import dev.notionoauth.apikey.ApiScope;
import dev.notionoauth.spi.ApiKeyStore;
import dev.notionoauth.store.jdbc.internal.Jdbc;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * API keys in the {@code api_key} table: name, scopes, times and the SHA-256 of the secret (hex),
 * shared by every instance on the same database. From {@link JdbcStores#apiKeyStore()}.
 */
public final class JdbcApiKeyStore implements ApiKeyStore {
  private static final HexFormat HEX = HexFormat.of();
  private static final String COLUMNS = "name, scopes, created_at, last_used_at, secret_hash";

  private record Row(ApiKey key, byte[] hash) {}

  private final Jdbc jdbc;

  JdbcApiKeyStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public boolean add(ApiKey key, byte[] secretHash) {
    return jdbc.inTransaction(
        "adding an API key",
        conn -> {
          if (!Jdbc.query(
                  conn,
                  "SELECT 1 FROM api_key WHERE name = ?",
                  ps -> ps.setString(1, key.name()),
                  rs -> 1)
              .isEmpty()) {
            return false;
          }
          Jdbc.update(
              conn,
              "INSERT INTO api_key (name, secret_hash, scopes, created_at) VALUES (?, ?, ?, ?)",
              ps -> {
                ps.setString(1, key.name());
                ps.setString(2, HEX.formatHex(secretHash));
                ps.setString(3, scopes(key.scopes()));
                ps.setLong(4, key.createdAt().toEpochMilli());
              });
          return true;
        });
  }

  @Override
  public Optional<ApiKey> findByHash(byte[] secretHash) {
    String hex = HEX.formatHex(secretHash);
    return jdbc
        .query(
            "reading an API key",
            "SELECT " + COLUMNS + " FROM api_key WHERE secret_hash = ?",
            ps -> ps.setString(1, hex),
            rs -> new Row(key(rs), HEX.parseHex(rs.getString(5))))
        .stream()
        .filter(row -> ApiKeys.sameHash(row.hash(), secretHash))
        .map(Row::key)
        .findFirst();
  }

  @Override
  public List<ApiKey> list() {
    return jdbc.query(
        "listing API keys",
        "SELECT " + COLUMNS + " FROM api_key ORDER BY name",
        ps -> {},
        JdbcApiKeyStore::key);
  }

  @Override
  public boolean remove(String name) {
    return jdbc.update(
            "revoking an API key",
            "DELETE FROM api_key WHERE name = ?",
            ps -> ps.setString(1, name))
        > 0;
  }

  @Override
  public void touch(String name, Instant at) {
    jdbc.update(
        "recording an API key's use",
        "UPDATE api_key SET last_used_at = ? WHERE name = ?",
        ps -> {
          ps.setLong(1, at.toEpochMilli());
          ps.setString(2, name);
        });
  }

  private static ApiKey key(ResultSet rs) throws SQLException {
    Long used = Jdbc.nullableLong(rs, 4);
    return new ApiKey(
        rs.getString(1),
        parseScopes(rs.getString(2)),
        Instant.ofEpochMilli(rs.getLong(3)),
        used == null ? null : Instant.ofEpochMilli(used));
  }

  private static String scopes(Set<ApiScope> scopes) {
    return scopes.stream().map(ApiScope::wireName).collect(Collectors.joining(" "));
  }

  private static Set<ApiScope> parseScopes(String value) {
    Set<ApiScope> scopes = EnumSet.noneOf(ApiScope.class);
    for (String s : value.split(" ")) {
      ApiScope.parse(s).ifPresent(scopes::add); // a scope a newer version wrote is ignored here
    }
    return scopes;
  }
}
