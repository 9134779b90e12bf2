package dev.notionoauth.testkit;

import dev.notionoauth.InMemoryInstallationStore;
import dev.notionoauth.InMemoryResultPageStore;
import dev.notionoauth.InMemoryStateStore;
import dev.notionoauth.spi.InstallationStore;
import dev.notionoauth.spi.ResultPageStore;
import dev.notionoauth.spi.StateStore;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

class InMemoryStoresContractTest {
  @Nested
  class StateStoreOfMemory extends StateStoreContract {
    @Override
    protected StateStore newStore() {
      return new InMemoryStateStore();
    }
  }

  @Nested
  class InstallationStoreOfMemory extends InstallationStoreContract {
    @Override
    protected InstallationStore newStore() {
      return new InMemoryInstallationStore();
    }
  }

  @Nested
  class ResultPageStoreOfMemory extends ResultPageStoreContract {
    @Override
    protected ResultPageStore newStore(Clock clock, Duration ttl) {
      return new InMemoryResultPageStore(clock, ttl, 10_000);
    }
  }

  @Nested
  class WebhookStoreOfMemory extends WebhookStoreContract {
    @Override
    protected dev.notionoauth.spi.WebhookStore newStore() {
      return new dev.notionoauth.webhook.InMemoryWebhookStore();
    }
  }

  @Nested
  class AuditStoreOfMemory extends AuditStoreContract {
    @Override
    protected dev.notionoauth.spi.AuditStore newStore() {
      return new dev.notionoauth.audit.InMemoryAuditStore();
    }
  }

  @Nested
  class ApiKeyStoreOfMemory extends ApiKeyStoreContract {
    @Override
    protected dev.notionoauth.spi.ApiKeyStore newStore() {
      return new dev.notionoauth.apikey.InMemoryApiKeyStore();
    }
  }

  @Nested
  class AppEventStoreOfMemory extends AppEventStoreContract {
    @Override
    protected dev.notionoauth.spi.AppEventStore newStore() {
      return new dev.notionoauth.appevent.InMemoryAppEventStore();
    }
  }
}
