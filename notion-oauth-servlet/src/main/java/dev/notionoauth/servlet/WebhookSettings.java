package dev.notionoauth.servlet;

import java.time.Duration;

/**
 * How Notion's webhook deliveries are read and handed on, the same for every host: the standalone
 * server maps its {@code webhooks} section onto it, the Spring Boot starter its {@code
 * notion.oauth.webhooks.*} properties. Every default and every range is here, once.
 *
 * @param maxBodyBytes larger bodies get 413 before being read (1 KiB to 1 MiB, default 64 KiB)
 * @param maxConcurrentReads bodies read at once; beyond, a POST gets 503 at once (1–256, default
 *     16)
 * @param readTimeout how long a whole body may take to arrive, then 408 (1 s to 60 s, default 5 s)
 * @param maxAttempts deliveries to the consumers before an event is a dead letter (1–20, default 8)
 * @param retryDelay the wait after the first failure, doubled after each (1 s to 1 h, default 5 s)
 * @param deliveryTimeout how long one delivery may take before another instance tries the event
 *     again (1 s to 1 h, default 2 min)
 * @param deliverUnaddressedToWorkspace whether an event without {@code accessible_by} reaches every
 *     active installation of its workspace (default false: nobody)
 */
public record WebhookSettings(
    int maxBodyBytes,
    int maxConcurrentReads,
    Duration readTimeout,
    int maxAttempts,
    Duration retryDelay,
    Duration deliveryTimeout,
    boolean deliverUnaddressedToWorkspace) {

  /** Every default. */
  public static WebhookSettings defaults() {
    return builder().build();
  }

  /** A builder holding every default. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link WebhookSettings}; each setter checks its range. */
  public static final class Builder {
    private int maxBodyBytes = 64 * 1024;
    private int maxConcurrentReads = 16;
    private Duration readTimeout = Duration.ofSeconds(5);
    private int maxAttempts = 8;
    private Duration retryDelay = Duration.ofSeconds(5);
    private Duration deliveryTimeout = Duration.ofMinutes(2);
    private boolean deliverUnaddressedToWorkspace;

    private Builder() {}

    /** 1024 to 1048576 bytes. */
    public Builder maxBodyBytes(int value) {
      this.maxBodyBytes = inRange(value, 1024, 1024 * 1024);
      return this;
    }

    /** 1 to 256. */
    public Builder maxConcurrentReads(int value) {
      this.maxConcurrentReads = inRange(value, 1, 256);
      return this;
    }

    /** 1 s to 60 s. */
    public Builder readTimeout(Duration value) {
      this.readTimeout = between(value, Duration.ofSeconds(1), Duration.ofSeconds(60));
      return this;
    }

    /** 1 to 20. */
    public Builder maxAttempts(int value) {
      this.maxAttempts = inRange(value, 1, 20);
      return this;
    }

    /** 1 s to 1 h. */
    public Builder retryDelay(Duration value) {
      this.retryDelay = between(value, Duration.ofSeconds(1), Duration.ofHours(1));
      return this;
    }

    /** 1 s to 1 h. */
    public Builder deliveryTimeout(Duration value) {
      this.deliveryTimeout = between(value, Duration.ofSeconds(1), Duration.ofHours(1));
      return this;
    }

    /** Whether an event without {@code accessible_by} reaches the whole workspace. */
    public Builder deliverUnaddressedToWorkspace(boolean value) {
      this.deliverUnaddressedToWorkspace = value;
      return this;
    }

    /** The settings. */
    public WebhookSettings build() {
      return new WebhookSettings(
          maxBodyBytes,
          maxConcurrentReads,
          readTimeout,
          maxAttempts,
          retryDelay,
          deliveryTimeout,
          deliverUnaddressedToWorkspace);
    }

    private static int inRange(int value, int min, int max) {
      if (value < min || value > max) {
        throw new IllegalArgumentException("must be between " + min + " and " + max);
      }
      return value;
    }

    private static Duration between(Duration value, Duration min, Duration max) {
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException("must be between " + text(min) + " and " + text(max));
      }
      return value;
    }

    private static String text(Duration d) {
      return d.toHours() >= 1 && d.toMinutesPart() == 0
          ? d.toHours() + "h"
          : d.toMinutes() >= 1 && d.toSecondsPart() == 0
              ? d.toMinutes() + "m"
              : d.toSeconds() + "s";
    }
  }
}
