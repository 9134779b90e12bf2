package dev.notionoauth.internal;

import dev.notionoauth.CallbackOutcome;
import dev.notionoauth.NotionConfigException;
import dev.notionoauth.spi.PluginContext;
import dev.notionoauth.spi.TokenConsumer;
import dev.notionoauth.spi.TokenConsumerProvider;

/**
 * The {@code store} consumer: names the flow's own storing of installations. Storing is the flow's
 * job ({@link dev.notionoauth.NotionOAuthFlow.Builder#installations}: the installation is saved,
 * with retries, in the same commit as the result page, and the outcome carries it), so a host that
 * configures {@code consumer: store} gives the flow its installations service and this consumer
 * itself does nothing more; it checks only that a store is there.
 */
public final class StoreTokenConsumer implements TokenConsumer {
  /** The consumer's name, as configured. */
  public static final String NAME = "store";

  @Override
  public void onAuthorized(CallbackOutcome.Authorized a) {
    if (a.installation() == null) {
      throw new IllegalStateException(
          "the store consumer needs a flow that stores installations (Builder#installations)");
    }
  }

  /** Registers the consumer under the name {@code store}. */
  public static final class Provider implements TokenConsumerProvider {
    @Override
    public String name() {
      return NAME;
    }

    @Override
    public String description() {
      return "Keeps each installation in the configured store (tokens encrypted); the server's"
          + " default.";
    }

    @Override
    public TokenConsumer create(PluginContext context) {
      if (context.installations().isEmpty()) {
        throw new NotionConfigException(
            "the store consumer needs an installation store: configure the store section");
      }
      return new StoreTokenConsumer();
    }
  }
}
