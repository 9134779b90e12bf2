package dev.notionoauth.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.notionoauth.NotionOAuthException;
import dev.notionoauth.spi.StoreCommits;
import dev.notionoauth.store.jdbc.internal.InstallationRows;
import dev.notionoauth.store.jdbc.internal.Jdbc;
import dev.notionoauth.store.jdbc.internal.SchemaHistory;
import dev.notionoauth.store.jdbc.internal.SqliteDataSource;
import dev.notionoauth.store.jdbc.internal.TokenCipher;
import dev.notionoauth.web.LogSafe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the database behind the stores: a pool (HikariCP) that fails fast when the database is
 * down, the schema migrations (Flyway), and both stores over it.
 *
 * <pre>{@code
 * JdbcStoreSettings settings =
 *     JdbcStoreSettings.builder("jdbc:sqlite:./data/notion-oauth.db").keys(keys).build();
 * try (JdbcStores stores = JdbcStores.open(settings)) {
 *   Installations installations = Installations.builder(stores.installationStore(), client).build();
 * }
 * }</pre>
 *
 * <p>SQLite runs in WAL mode with a busy timeout; its folder is created readable by the owner only,
 * and so is the file. PostgreSQL gets connect, socket and statement timeouts.
 */
public final class JdbcStores implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcStores.class);
  private static final String MIGRATIONS = "classpath:dev/notionoauth/store/jdbc/migration";

  private final DataSource pool;
  private final @Nullable HikariDataSource ownPool;
  private final JdbcStateStore states;
  private final Clock clock;
  private final JdbcInstallationStore installations;
  private final InstallationSummaries summaries;
  private final KeyRotation keyRotation;
  private final JdbcResultPageStore resultPages;
  private final JdbcWebhookStore webhooks;
  private final JdbcApiKeyStore apiKeys;
  private final JdbcAuditStore audit;
  private final CallbackHours callbackHours;
  private final JdbcRateLimitStore rateLimits;
  private final JdbcOperators operators;
  private final JdbcAppEventStore appEvents;
  private final boolean sqlite;
  private final ScheduledExecutorService maintenance;
  private final StoreCommits commits;

  /**
   * How long delivered and unmatched webhook events are kept: longer than Notion retries a
   * delivery, so a late redelivery is still recognised by its id.
   */
  public static final Duration WEBHOOK_RETENTION = Duration.ofDays(7);

  /** How often expired rows are deleted and pending states counted, in the background. */
  private static final Duration MAINTENANCE_EVERY = Duration.ofSeconds(60);

  private JdbcStores(
      DataSource pool,
      @Nullable HikariDataSource ownPool,
      @Nullable EncryptionKeys keys,
      boolean sqlite,
      Clock clock) {
    this.pool = pool;
    this.clock = clock;
    this.ownPool = ownPool;
    this.sqlite = sqlite;
    this.states = new JdbcStateStore(pool);
    TokenCipher cipher =
        keys == null ? null : new TokenCipher(keys.currentId(), keys.current(), keys::byId);
    InstallationRows rows = new InstallationRows(sqlite);
    this.installations = new JdbcInstallationStore(new Jdbc(pool), rows, cipher);
    this.summaries = new InstallationSummaries(new Jdbc(pool), rows);
    this.keyRotation = new KeyRotation(new Jdbc(pool), cipher, summaries, installations);
    this.webhooks = new JdbcWebhookStore(new Jdbc(pool), cipher);
    this.apiKeys = new JdbcApiKeyStore(new Jdbc(pool));
    this.audit = new JdbcAuditStore(new Jdbc(pool));
    this.callbackHours = new CallbackHours(new Jdbc(pool));
    this.rateLimits = new JdbcRateLimitStore(new Jdbc(pool));
    this.operators = new JdbcOperators(new Jdbc(pool));
    this.appEvents = new JdbcAppEventStore(new Jdbc(pool));
    this.commits = new Commits(new Jdbc(pool));
    this.resultPages = new JdbcResultPageStore(pool, clock, java.time.Duration.ofMinutes(10));
    this.maintenance =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "notion-oauth-store-maintenance");
              t.setDaemon(true);
              return t;
            });
    maintenance.scheduleWithFixedDelay(
        this::maintainQuietly,
        MAINTENANCE_EVERY.toSeconds(),
        MAINTENANCE_EVERY.toSeconds(),
        TimeUnit.SECONDS);
  }

  /**
   * One round of maintenance, as the background thread runs it every minute: expired states and
   * result pages are deleted, and so are delivered webhook events older than {@link
   * #WEBHOOK_RETENTION} (unless kept); pending states are counted against their cap. Requests never
   * run it.
   *
   * @return how many rows were deleted
   */
  public int maintain() {
    java.time.Instant now = clock.instant();
    int deleted =
        states.purgeExpired(now)
            + resultPages.purgeExpired()
            + webhooks.purge(now.minus(WEBHOOK_RETENTION))
            + callbackHours.purge(now.minus(CallbackHours.RETENTION));
    states.countPending(now);
    resultPages.countLive();
    if (sqlite) {
      checkpoint();
    }
    return deleted;
  }

  /**
   * Folds SQLite's write-ahead log back into the database and truncates it: under steady load its
   * automatic checkpoints rarely find a moment without readers, and the log would only grow.
   */
  private void checkpoint() {
    try {
      new Jdbc(pool).exclusively("checkpointing", "PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (RuntimeException e) {
      LOG.warn("WAL checkpoint failed (will retry): {}", e.getClass().getSimpleName());
    }
  }

  private void maintainQuietly() {
    try {
      maintain();
    } catch (RuntimeException e) {
      LOG.warn("Store maintenance failed (will retry): {}", e.getClass().getSimpleName());
    }
  }

  /**
   * Opens the pool and, if asked, migrates the schema.
   *
   * @throws NotionOAuthException when the database cannot be reached or migrated
   */
  public static JdbcStores open(JdbcStoreSettings settings) {
    return open(settings, Clock.systemUTC());
  }

  /**
   * Opens the pool and, if asked, migrates the schema; expiry and maintenance read {@code clock}.
   *
   * @throws NotionOAuthException when the database cannot be reached or migrated
   */
  public static JdbcStores open(JdbcStoreSettings settings, Clock clock) {
    HikariDataSource pool = pool(settings);
    try {
      if (settings.migrate()) {
        migrate(pool);
      }
      return new JdbcStores(pool, pool, settings.keys(), settings.isSqlite(), clock);
    } catch (RuntimeException e) {
      Jdbc.releaseWriter(pool);
      pool.close();
      throw e;
    }
  }

  /**
   * The stores over a data source the host app owns (its pool, its database), SQLite or PostgreSQL
   * as the driver says: the schema is migrated with its own Flyway history table, so it never
   * clashes with the app's migrations, and {@link #close} leaves the data source open.
   *
   * @param db the app's data source
   * @param keys the token encryption keys, or null (then no token can be stored)
   * @param historyTable the Flyway history table of this schema, e.g. {@code
   *     notion_oauth_schema_history}
   * @throws NotionOAuthException when the database cannot be reached or migrated
   */
  public static JdbcStores over(DataSource db, @Nullable EncryptionKeys keys, String historyTable) {
    return over(db, keys, historyTable, Clock.systemUTC());
  }

  /**
   * {@link #over(DataSource, EncryptionKeys, String)}, expiry and maintenance reading {@code
   * clock}.
   */
  public static JdbcStores over(
      DataSource db, @Nullable EncryptionKeys keys, String historyTable, Clock clock) {
    boolean sqlite;
    try (Connection c = db.getConnection()) {
      sqlite = c.getMetaData().getURL().startsWith("jdbc:sqlite:");
    } catch (SQLException e) {
      throw new NotionOAuthException("could not open the database (" + reason(e) + ")", null, e);
    }
    migrate(db, historyTable);
    return new JdbcStores(db, null, keys, sqlite, clock);
  }

  /** Applies pending migrations; returns how many were applied. */
  public static int migrate(DataSource db) {
    return migrate(db, "flyway_schema_history");
  }

  private static int migrate(DataSource db, String historyTable) {
    if (SchemaHistory.upToDate(db, historyTable)) {
      return 0; // Flyway would find nothing to do, at a third of the start-up
    }
    try {
      MigrateResult result =
          Flyway.configure()
              .dataSource(db)
              .locations(MIGRATIONS)
              .table(historyTable)
              // a schema that holds the app's own tables gets our history beside them
              .baselineOnMigrate(true)
              .baselineVersion("0")
              .loggers("slf4j")
              .load()
              .migrate();
      if (result.migrationsExecuted > 0) {
        LOG.info("Applied {} schema migration(s)", result.migrationsExecuted);
      }
      return result.migrationsExecuted;
    } catch (RuntimeException e) {
      throw new NotionOAuthException(
          "could not migrate the database schema (" + e.getClass().getSimpleName() + ")", null, e);
    }
  }

  /** The state store. */
  public JdbcStateStore stateStore() {
    return states;
  }

  /** The installation store. */
  public JdbcInstallationStore installationStore() {
    return installations;
  }

  /** Installations without their tokens, for listings that need no key. */
  public InstallationSummaries installationSummaries() {
    return summaries;
  }

  /** Re-sealing tokens under the current key. */
  public KeyRotation keyRotation() {
    return keyRotation;
  }

  /** The result page store. */
  public JdbcResultPageStore resultPageStore() {
    return resultPages;
  }

  /** The webhook store (events and the verification token). */
  public JdbcWebhookStore webhookStore() {
    return webhooks;
  }

  /** The outbox of events to the app. */
  public JdbcAppEventStore appEventStore() {
    return appEvents;
  }

  /** The HTTP API's keys (hashes only; no encryption key needed). */
  public JdbcApiKeyStore apiKeyStore() {
    return apiKeys;
  }

  /**
   * Notion's per-installation and per-workspace limits shared by every instance, on PostgreSQL;
   * empty on SQLite, whose single instance keeps its buckets in memory (exact, and free).
   */
  public java.util.Optional<dev.notionoauth.spi.RateLimitStore> sharedRateLimits() {
    return sqlite ? java.util.Optional.empty() : java.util.Optional.of(rateLimits);
  }

  /** The operator console's operators and sessions. */
  public JdbcOperators operators() {
    return operators;
  }

  /** The HTTP API's audit trail. */
  public JdbcAuditStore auditStore() {
    return audit;
  }

  /** Callbacks per hour by outcome, over every instance (the console's chart). */
  public CallbackHours callbackHours() {
    return callbackHours;
  }

  /**
   * How a callback's writes commit, for {@code NotionOAuthFlow.Builder.commits}: on PostgreSQL the
   * installation and its result page share one commit (one WAL flush instead of two); on SQLite
   * each write commits alone (see {@code Jdbc.inOneCommit}).
   */
  public StoreCommits commits() {
    return commits;
  }

  /** The pooled data source. */
  public DataSource dataSource() {
    return pool;
  }

  /** Whether the database answers now (for readiness checks). */
  public boolean ping() {
    try (Connection c = pool.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() {
    maintenance.shutdownNow();
    if (ownPool != null) {
      Jdbc.releaseWriter(ownPool);
      ownPool.close();
    }
  }

  private static HikariDataSource pool(JdbcStoreSettings s) {
    HikariConfig config = new HikariConfig();
    SqliteDataSource sqliteSource = null;
    if (!s.isSqlite()) {
      config.setJdbcUrl(s.jdbcUrl());
    }
    config.setPoolName("notion-oauth-store");
    config.setMaximumPoolSize(s.poolSize());
    config.setMinimumIdle(Math.min(2, s.poolSize()));
    config.setConnectionTimeout(2_000);
    config.setValidationTimeout(1_000);
    config.setInitializationFailTimeout(-1);
    if (s.username() != null) {
      config.setUsername(s.username());
    }
    if (s.password() != null) {
      config.setPassword(s.password());
    }
    if (s.isSqlite()) {
      prepareSqliteFile(s.jdbcUrl());
      Properties pragmas = new Properties();
      pragmas.setProperty("journal_mode", "WAL");
      pragmas.setProperty("synchronous", "NORMAL");
      pragmas.setProperty("busy_timeout", "10000");
      pragmas.setProperty("foreign_keys", "true");
      // the WAL is truncated back to this after a checkpoint instead of keeping its peak size
      pragmas.setProperty("journal_size_limit", Long.toString(64L * 1024 * 1024));
      // connections that keep their compiled statements (see SqliteDataSource)
      sqliteSource = new SqliteDataSource(s.jdbcUrl(), pragmas);
      config.setDataSource(sqliteSource);
    } else {
      config.addDataSourceProperty("connectTimeout", "2");
      config.addDataSourceProperty("socketTimeout", "15");
      config.addDataSourceProperty("options", "-c statement_timeout=5000");
      config.addDataSourceProperty("ApplicationName", "notion-oauth-handler");
    }
    try {
      HikariDataSource pool = new HikariDataSource(config);
      if (sqliteSource != null) {
        // this process's writes go through one connection of their own (see Jdbc.Writers)
        Jdbc.dedicateWriter(pool, sqliteSource);
      }
      return pool;
    } catch (RuntimeException e) {
      throw new NotionOAuthException(
          "could not open the database"
              + (s.isSqlite() ? " " + s.jdbcUrl() : "")
              + " ("
              + reason(e)
              + ")",
          null,
          e);
    }
  }

  /**
   * Why a database could not be opened: the exception's class, and SQLite's own reason (its
   * messages name files and causes, never credentials; other drivers' messages may carry a URL with
   * a password, so only their class is given).
   */
  private static String reason(Exception e) {
    Throwable sqlite = e;
    while (sqlite != null && !sqlite.getClass().getName().startsWith("org.sqlite.")) {
      sqlite = sqlite.getCause() == sqlite ? null : sqlite.getCause();
    }
    if (sqlite == null) {
      return e.getClass().getSimpleName();
    }
    return sqlite.getClass().getSimpleName()
        + (sqlite.getMessage() == null ? "" : ": " + LogSafe.text(sqlite.getMessage()));
  }

  /**
   * Creates a SQLite file's folder (0700) and the file (0600) before the driver does (the driver
   * refuses a file whose folder is missing): the server does this for {@code store.jdbc-url}, the
   * Spring Boot starter for {@code spring.datasource.url}. Anything but a SQLite file URL is left
   * alone.
   *
   * @throws NotionOAuthException naming the path and the reason when it cannot be created
   */
  public static void prepareSqliteFile(String url) {
    if (!url.startsWith("jdbc:sqlite:")) {
      return;
    }
    String rest = url.substring("jdbc:sqlite:".length());
    int q = rest.indexOf('?');
    String file = q < 0 ? rest : rest.substring(0, q);
    if (file.isEmpty() || file.equals(":memory:") || file.startsWith("file:")) {
      return;
    }
    Path path = Path.of(file).toAbsolutePath();
    try {
      Path dir = path.getParent();
      if (dir != null && !Files.exists(dir)) {
        Files.createDirectories(dir);
        trySetPermissions(dir, "rwx------");
      }
      if (!Files.exists(path)) {
        Files.createFile(path);
        trySetPermissions(path, "rw-------");
      }
    } catch (IOException e) {
      throw new NotionOAuthException(
          "cannot create the database file "
              + path
              + " ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + LogSafe.text(e.getMessage()))
              + ")");
    }
  }

  private static void trySetPermissions(Path p, String perms) {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warn("Could not restrict permissions of {}", p);
    }
  }

  /** {@link StoreCommits} over this database. */
  private static final class Commits implements StoreCommits {
    private final Jdbc jdbc;

    Commits(Jdbc jdbc) {
      this.jdbc = jdbc;
    }

    @Override
    public <T> T inOneCommit(Supplier<T> work) {
      return jdbc.inOneCommit(work);
    }
  }
}
