package dev.notionoauth.testkit;

import dev.notionoauth.InMemoryInstallationStore;
import dev.notionoauth.InMemoryStateStore;
import dev.notionoauth.spi.InstallationStore;
import dev.notionoauth.spi.StateStore;
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
}
