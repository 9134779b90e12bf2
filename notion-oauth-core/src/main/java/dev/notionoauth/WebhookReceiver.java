package dev.notionoauth;

import dev.notionoauth.spi.WebhookStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one POST to the webhook URL and decides, in this order: the body's size, then whether it is
 * signed — an unsigned body is considered as a handshake only while no verification token is stored
 * or an operator's capture window is open, and refused (401) otherwise without being parsed — then
 * the signature, in constant time over the raw bytes, before any parsing; then the event is parsed
 * and stored once by its id (a redelivery changes nothing) before the 2xx, and {@code onRecorded}
 * wakes the {@link WebhookDispatcher}. Nothing is delivered on the request thread.
 *
 * <p>Called by the HTTP adapters (the servlet's webhook route, the standalone server, the Spring
 * starter) with the raw body they read up to {@link #maxBodyBytes()}. Thread-safe.
 */
public final class WebhookReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);

  /** How long the stored token and capture window are trusted before being read again. */
  private static final Duration CACHE = Duration.ofSeconds(1);

  private final WebhookStore store;
  private final int maxBodyBytes;
  private final Clock clock;
  private final Runnable onRecorded;
  private volatile @Nullable Cached cached;

  private record Cached(
      Optional<WebhookVerificationToken> token, Optional<Instant> captureUntil, Instant readAt) {}

  private WebhookReceiver(Builder b) {
    this.store = b.store;
    this.maxBodyBytes = b.maxBodyBytes;
    this.clock = b.clock;
    this.onRecorded = b.onRecorded;
  }

  /** What the adapter answers. */
  public sealed interface Receipt {
    /** The HTTP status to answer with. */
    int status();

    /**
     * An event, stored (or already stored: a redelivery).
     *
     * @param eventId its id
     * @param duplicate true if it was stored before
     */
    record Accepted(String eventId, boolean duplicate) implements Receipt {
      @Override
      public int status() {
        return 200;
      }
    }

    /** A verification token, stored (never shown here). */
    record HandshakeStored() implements Receipt {
      @Override
      public int status() {
        return 200;
      }
    }

    /**
     * Refused: nothing was stored or delivered.
     *
     * @param status 400, 401, 413 or 503
     * @param message a plain reason, free of anything received
     */
    record Refused(int status, String message) implements Receipt {}
  }

  /** The largest body accepted; adapters stop reading past it. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /**
   * Decides on one delivery.
   *
   * @param signature the {@value WebhookSignature#HEADER} header, or null when absent
   * @param body the raw body, at most {@link #maxBodyBytes()} bytes (longer is refused)
   */
  public Receipt receive(@Nullable String signature, byte[] body) {
    if (body.length > maxBodyBytes) {
      return new Receipt.Refused(413, "The body is larger than " + maxBodyBytes + " bytes.");
    }
    Cached now;
    try {
      now = current();
    } catch (RuntimeException e) {
      LOG.warn("Webhook store unavailable: {}", e.getClass().getSimpleName());
      return new Receipt.Refused(503, "Try again later.");
    }
    Optional<WebhookVerificationToken> token = now.token();
    if (signature != null
        && token.isPresent()
        && WebhookSignature.verify(token.get(), body, signature)) {
      WebhookMessage message;
      try {
        message = WebhookMessage.parse(body);
      } catch (NotionInvalidResponseException e) {
        return new Receipt.Refused(400, "The body is not a webhook event.");
      }
      if (message instanceof WebhookEvent event) {
        return record(event, body);
      }
      return handshake(now, (WebhookMessage.Handshake) message);
    }
    if (!handshakeWindowOpen(now)) {
      // nothing is parsed: without a valid signature only a verification request could pass,
      // and only inside the window
      return new Receipt.Refused(
          401,
          signature == null
              ? "The signature is missing."
              : token.isEmpty()
                  ? "No verification token is set up yet."
                  : "The signature does not match.");
    }
    WebhookMessage message;
    try {
      message = WebhookMessage.parse(body);
    } catch (NotionInvalidResponseException e) {
      return new Receipt.Refused(401, "The signature is missing or does not match.");
    }
    if (message instanceof WebhookMessage.Handshake handshake) {
      return handshake(now, handshake);
    }
    return new Receipt.Refused(401, "The signature is missing or does not match.");
  }

  /** No token stored yet, or an operator's capture window is open. */
  private boolean handshakeWindowOpen(Cached now) {
    return now.token().isEmpty()
        || now.captureUntil().map(until -> until.isAfter(clock.instant())).orElse(false);
  }

  /**
   * A verification request, signed or not (a signature keyed by the token it carries proves
   * nothing): stored only inside the window.
   */
  private Receipt handshake(Cached now, WebhookMessage.Handshake handshake) {
    if (!handshakeWindowOpen(now)) {
      return new Receipt.Refused(
          401, "A verification request is accepted only during `webhooks capture`.");
    }
    try {
      store.saveVerificationToken(handshake.token(), clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("Could not store the verification token: {}", e.getClass().getSimpleName());
      return new Receipt.Refused(503, "Try again later.");
    }
    cached = null;
    LOG.info(
        "Webhook verification token received and stored; show it with `webhooks capture`"
            + " and paste it into Notion's page");
    return new Receipt.HandshakeStored();
  }

  private Receipt record(WebhookEvent event, byte[] body) {
    boolean fresh;
    try {
      fresh =
          store.record(
              StoredWebhookEvent.received(
                  event, new String(body, StandardCharsets.UTF_8), clock.instant()));
    } catch (RuntimeException e) {
      LOG.warn("Could not store webhook event: {}", e.getClass().getSimpleName());
      return new Receipt.Refused(503, "Try again later.");
    }
    if (fresh) {
      onRecorded.run();
    }
    return new Receipt.Accepted(event.id(), !fresh);
  }

  private Cached current() {
    Instant now = clock.instant();
    Cached c = cached;
    if (c == null || c.readAt().plus(CACHE).isBefore(now) || c.readAt().isAfter(now)) {
      c = new Cached(store.verificationToken(), store.captureOpenUntil(), now);
      cached = c;
    }
    return c;
  }

  /** A receiver over a store. */
  public static Builder builder(WebhookStore store) {
    return new Builder(store);
  }

  /** Builds a {@link WebhookReceiver}; every default is here. */
  public static final class Builder {
    private final WebhookStore store;
    private int maxBodyBytes = 256 * 1024;
    private Clock clock = Clock.systemUTC();
    private Runnable onRecorded = () -> {};

    private Builder(WebhookStore store) {
      this.store = store;
    }

    /** The largest body accepted (default 256 KiB; Notion's events carry ids only). */
    public Builder maxBodyBytes(int value) {
      if (value < 1024) {
        throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
      }
      this.maxBodyBytes = value;
      return this;
    }

    /** The clock (default: system UTC). */
    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** Runs after a new event is stored, e.g. {@link WebhookDispatcher#wake}. */
    public Builder onRecorded(Runnable value) {
      this.onRecorded = value;
      return this;
    }

    /** The receiver. */
    public WebhookReceiver build() {
      return new WebhookReceiver(this);
    }
  }
}
