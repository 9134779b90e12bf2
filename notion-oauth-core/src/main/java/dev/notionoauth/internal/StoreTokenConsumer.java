package dev.notionoauth.internal;

import dev.notionoauth.CallbackOutcome;
import dev.notionoauth.Installation;
import dev.notionoauth.Installations;
import dev.notionoauth.NotionConfigException;
import dev.notionoauth.spi.PluginContext;
import dev.notionoauth.spi.PluginProvider;
import dev.notionoauth.spi.TokenConsumer;
import java.time.Clock;

/**
 * The {@code store} consumer: keeps each authorization as an installation, keyed by bot id ({@link
 * Installations#save}, retried). A flow that stores installations itself ({@code
 * NotionOAuthFlow.Builder#installations}, what the server does for {@code consumer: store}) hands
 * over one already stored, and then this consumer has nothing left to do; a consumer plugin of
 * another name that wraps this one still gets every installation stored.
 */
public final class StoreTokenConsumer implements TokenConsumer {
  private final Installations installations;
  private final Clock clock;

  /** Creates the consumer over the installations service. */
  public StoreTokenConsumer(Installations installations, Clock clock) {
    this.installations = installations;
    this.clock = clock;
  }

  @Override
  public void onAuthorized(CallbackOutcome.Authorized a) {
    if (a.installation() == null) {
      installations.save(Installation.from(a.token(), a.context(), a.bound(), clock.instant()));
    }
  }

  /** Registers the consumer under the name {@code store}. */
  public static final class Provider implements PluginProvider<TokenConsumer> {
    @Override
    public Class<TokenConsumer> type() {
      return TokenConsumer.class;
    }

    @Override
    public String name() {
      return "store";
    }

    @Override
    public String description() {
      return "Keeps each installation in the configured store (tokens encrypted); the server's"
          + " default.";
    }

    @Override
    public TokenConsumer create(PluginContext context) {
      return new StoreTokenConsumer(
          context
              .installations()
              .orElseThrow(
                  () ->
                      new NotionConfigException(
                          "the store consumer needs an installation store: configure the store"
                              + " section")),
          context.clock());
    }
  }
}
