package dev.notionoauth.store.jdbc;

import dev.notionoauth.spi.InstallationStore;
import dev.notionoauth.spi.ResultPageStore;
import dev.notionoauth.spi.StateStore;
import dev.notionoauth.spi.WebhookStore;
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

/** The store contracts, on SQLite and on PostgreSQL: the same code, the same tests. */
class JdbcStoresContractTest {
  @TempDir Path dir;
  final List<JdbcStores> opened = new ArrayList<>();
  final List<TestPostgres> schemas = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(JdbcStores::close);
    schemas.forEach(TestPostgres::close);
  }

  JdbcStores sqlite() {
    JdbcStores s = JdbcStores.open(Databases.sqlite(dir, Databases.keys()));
    opened.add(s);
    return s;
  }

  JdbcStores postgres() {
    TestPostgres db = TestPostgres.create();
    schemas.add(db);
    JdbcStores s = JdbcStores.open(Databases.postgres(db, Databases.keys()));
    opened.add(s);
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
}
