package dev.notionoauth.server;

import dev.notionoauth.spi.WebhookConsumer;
import dev.notionoauth.webhook.WebhookDelivery;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A webhook consumer that records what it gets and fails the first {@code failures} times. */
final class RecordingWebhookConsumer implements WebhookConsumer {
  private final BlockingQueue<WebhookDelivery> received = new LinkedBlockingQueue<>();
  private final List<String> threads = new ArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();

  /** Fails the next {@code n} deliveries. */
  RecordingWebhookConsumer failing(int n) {
    failuresLeft.set(n);
    return this;
  }

  @Override
  public void onEvent(WebhookDelivery delivery) {
    synchronized (threads) {
      threads.add(Thread.currentThread().getName());
    }
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("the app's database is down");
    }
    received.add(delivery);
  }

  /** The next delivery, waiting up to 10 s. */
  WebhookDelivery next() throws InterruptedException {
    WebhookDelivery d = received.poll(10, TimeUnit.SECONDS);
    if (d == null) {
      throw new AssertionError("no webhook delivery within 10 s");
    }
    return d;
  }

  /** Deliveries received so far and not taken. */
  List<WebhookDelivery> drain() {
    List<WebhookDelivery> out = new ArrayList<>();
    received.drainTo(out);
    return out;
  }

  /** The names of the threads the consumer ran on. */
  List<String> threads() {
    synchronized (threads) {
      return List.copyOf(threads);
    }
  }
}
