package com.example.notion;

import dev.notionoauth.spi.PluginProvider;
import dev.notionoauth.CallbackOutcome;
import dev.notionoauth.NotionConfigException;
import dev.notionoauth.Plugins;
import dev.notionoauth.spi.PluginContext;
import dev.notionoauth.spi.TokenConsumer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

// snippet:plugin
/**
 * Stores each installation with the built-in {@code store} consumer, then appends one line to a
 * file the rest of the business reads ({@code settings.connections-file}): workspace id, bot id,
 * workspace name. Never a token.
 */
public final class StoreAndRecordConsumer implements TokenConsumer {
  private final TokenConsumer store;
  private final Path file;

  StoreAndRecordConsumer(TokenConsumer store, Path file) {
    this.store = store;
    this.file = file;
  }

  @Override
  public void onAuthorized(CallbackOutcome.Authorized a) {
    store.onAuthorized(a); // the token pair is kept first: it is Notion's only copy
    String line =
        String.join(
                ",",
                a.token().workspaceId(),
                a.token().botId(),
                String.valueOf(a.token().workspaceName()).replace(',', ' '))
            + "\n";
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(
          file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("could not record the connection", e);
    }
  }

  /** Named {@code store-and-record}; listed in META-INF/services. */
  public static final class Provider implements PluginProvider<TokenConsumer> {
    @Override
    public Class<TokenConsumer> type() {
      return TokenConsumer.class;
    }
    @Override
    public String name() {
      return "store-and-record";
    }

    @Override
    public String description() {
      return "Stores each installation, then appends it to settings.connections-file.";
    }

    @Override
    public TokenConsumer create(PluginContext context) {
      String file =
          context
              .settings()
              .string("connections-file")
              .orElseThrow(() -> new NotionConfigException("set settings.connections-file"));
      return new StoreAndRecordConsumer(
          Plugins.discover().create(TokenConsumer.class, "store", context), Path.of(file));
    }
  }
}
// end-snippet
