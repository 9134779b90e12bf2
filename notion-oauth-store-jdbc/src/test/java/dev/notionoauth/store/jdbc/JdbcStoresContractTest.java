package dev.notionoauth.store.jdbc;

import dev.notionoauth.spi.InstallationStore;
import dev.notionoauth.spi.ResultPageStore;
import dev.notionoauth.spi.StateStore;
import dev.notionoauth.spi.WebhookStore;
import dev.notionoauth.testkit.ApiKeyStoreContract;
import dev.notionoauth.testkit.InstallationStoreContract;
import dev.notionoauth.testkit.ResultPageStoreContract;
import dev.notionoauth.testkit.StateStoreContract;
import dev.notionoauth.testkit.TestPostgres;
import dev.notionoauth.testkit.WebhookStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store contracts, on SQLite and on PostgreSQL: the same code, the same tests. PostgreSQL's
 * schema is created and migrated once for the whole class, and emptied before each test.
 */
class JdbcStoresContractTest {
  @TempDir Path dir;
  final List<JdbcStores> opened = new ArrayList<>();
  private static @org.jspecify.annotations.Nullable TestPostgres sharedSchema;
  private static @org.jspecify.annotations.Nullable JdbcStores sharedStores;

  @AfterEach
  void close() {
    opened.forEach(JdbcStores::close);
  }

  @org.junit.jupiter.api.AfterAll
  static void dropTheSchema() {
    if (sharedStores != null) {
      sharedStores.close();
    }
    if (sharedSchema != null) {
      sharedSchema.close();
    }
  }

  JdbcStores sqlite() {
    JdbcStores s = JdbcStores.open(Databases.sqlite(dir, Databases.keys()));
    opened.add(s);
    return s;
  }

  /** The class's migrated PostgreSQL schema, emptied. */
  JdbcStores postgres() {
    if (sharedStores == null) {
      sharedSchema = TestPostgres.create();
      sharedStores = JdbcStores.open(Databases.postgres(sharedSchema, Databases.keys()));
    }
    JdbcStores s = sharedStores;
    try (java.sql.Connection c = s.dataSource().getConnection();
        java.sql.Statement st = c.createStatement()) {
      st.execute(
          "TRUNCATE oauth_state, installation_context, installation, result_page, webhook_event,"
              + " webhook_candidate, api_key, app_event, audit_entry, webhook_event_route, callback_hour");
      st.execute(
          "UPDATE webhook_verification SET token = NULL, received_at = NULL, capture_until = NULL,"
              + " confirmed_at = NULL");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return s;
  }

  @Nested
  class StateStoreOnSqlite extends StateStoreContract {
    @Override
    protected StateStore newStore() {
      return sqlite().stateStore();
    }
  }

  @Nested
  class InstallationStoreOnSqlite extends InstallationStoreContract {
    @Override
    protected InstallationStore newStore() {
      return sqlite().installationStore();
    }
  }

  @Nested
  class StateStoreOnPostgres extends StateStoreContract {
    @Override
    protected StateStore newStore() {
      return postgres().stateStore();
    }
  }

  @Nested
  class InstallationStoreOnPostgres extends InstallationStoreContract {
    @Override
    protected InstallationStore newStore() {
      return postgres().installationStore();
    }
  }

  @Nested
  class ResultPageStoreOnSqlite extends ResultPageStoreContract {
    @Override
    protected ResultPageStore newStore(Clock clock, Duration ttl) {
      return new JdbcResultPageStore(sqlite().dataSource(), clock, ttl);
    }
  }

  @Nested
  class ResultPageStoreOnPostgres extends ResultPageStoreContract {
    @Override
    protected ResultPageStore newStore(Clock clock, Duration ttl) {
      return new JdbcResultPageStore(postgres().dataSource(), clock, ttl);
    }
  }

  @Nested
  class WebhookStoreOnSqlite extends WebhookStoreContract {
    @Override
    protected WebhookStore newStore() {
      return sqlite().webhookStore();
    }
  }

  @Nested
  class WebhookStoreOnPostgres extends WebhookStoreContract {
    @Override
    protected WebhookStore newStore() {
      return postgres().webhookStore();
    }
  }

  @Nested
  class AuditStoreOnSqlite extends dev.notionoauth.testkit.AuditStoreContract {
    @Override
    protected dev.notionoauth.spi.AuditStore newStore() {
      return sqlite().auditStore();
    }
  }

  @Nested
  class AuditStoreOnPostgres extends dev.notionoauth.testkit.AuditStoreContract {
    @Override
    protected dev.notionoauth.spi.AuditStore newStore() {
      return postgres().auditStore();
    }
  }

  @Nested
  class ApiKeyStoreOnSqlite extends ApiKeyStoreContract {
    @Override
    protected dev.notionoauth.spi.ApiKeyStore newStore() {
      return sqlite().apiKeyStore();
    }
  }

  @Nested
  class ApiKeyStoreOnPostgres extends ApiKeyStoreContract {
    @Override
    protected dev.notionoauth.spi.ApiKeyStore newStore() {
      return postgres().apiKeyStore();
    }
  }

  @Nested
  class AppEventStoreOnSqlite extends dev.notionoauth.testkit.AppEventStoreContract {
    @Override
    protected dev.notionoauth.spi.AppEventStore newStore() {
      return sqlite().appEventStore();
    }
  }

  @Nested
  class AppEventStoreOnPostgres extends dev.notionoauth.testkit.AppEventStoreContract {
    @Override
    protected dev.notionoauth.spi.AppEventStore newStore() {
      return postgres().appEventStore();
    }
  }
}
