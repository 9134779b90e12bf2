package dev.notionoauth.server;

import dev.notionoauth.spi.PluginContext;
import dev.notionoauth.spi.PluginProvider;
import dev.notionoauth.spi.WebhookConsumer;
import dev.notionoauth.webhook.WebhookDelivery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A webhook consumer for process tests: it marks {@code started}, waits until the file {@code open}
 * exists in its folder (setting {@code webhook-gate-dir}), then appends the event id to {@code
 * delivered.txt}. A test can kill the process while the consumer waits: the event was answered but
 * not handled.
 */
public final class GatedWebhookConsumer implements WebhookConsumer {
  private final Path dir;

  GatedWebhookConsumer(Path dir) {
    this.dir = dir;
  }

  @Override
  public void onEvent(WebhookDelivery delivery) {
    try {
      Files.writeString(dir.resolve("started"), delivery.event().envelope().id());
      long deadline = System.nanoTime() + 60_000_000_000L;
      while (!Files.exists(dir.resolve("open")) && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      Files.writeString(
          dir.resolve("delivered.txt"),
          delivery.event().envelope().id() + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  /** Registers it as {@code gated}. */
  public static final class Provider implements PluginProvider<WebhookConsumer> {
    @Override
    public Class<WebhookConsumer> type() {
      return WebhookConsumer.class;
    }

    @Override
    public String name() {
      return "gated";
    }

    @Override
    public String description() {
      return "Test only: waits for a file before recording each event.";
    }

    @Override
    public WebhookConsumer create(PluginContext context) {
      return new GatedWebhookConsumer(
          Path.of(context.settings().string("webhook-gate-dir").orElseThrow()));
    }
  }
}
