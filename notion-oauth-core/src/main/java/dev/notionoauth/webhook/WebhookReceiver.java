package dev.notionoauth.webhook;

import dev.notionoauth.NotionInvalidResponseException;
import dev.notionoauth.WebhookVerificationToken;
import dev.notionoauth.spi.WebhookStore;
import dev.notionoauth.web.LogSafe;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one POST to the webhook URL and decides, in this order: the body's size; then, for a signed
 * body, the signature against the token an operator confirmed ({@link WebhookVerification}), in
 * constant time over the raw bytes, before any parsing; the event is then parsed and, unless older
 * than {@link #MAX_EVENT_AGE} (a replay of a body captured long ago), stored once by its id (a
 * redelivery changes nothing) before the 2xx, and {@code onRecorded} wakes the {@link
 * WebhookDispatcher}. An unsigned body (or one whose signature does not match) is considered only
 * as a verification request, only while an operator's capture window is open, and only up to {@link
 * #MAX_UNSIGNED_BODY_BYTES}: it is then kept as a {@link WebhookCandidate}, trusted by nobody until
 * confirmed. Every refusal of an unauthenticated request reads the same ({@link #UNAUTHORIZED}), so
 * nobody can probe for an open window. Nothing is delivered on the request thread.
 *
 * <p>Called by the HTTP adapters (the servlet's webhook route, the standalone server, the Spring
 * starter) with the raw body they read up to {@link #maxBodyBytes()}. Thread-safe.
 */
public final class WebhookReceiver {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookReceiver.class);

  /** The largest unsigned body considered (a verification request is about 60 bytes). */
  public static final int MAX_UNSIGNED_BODY_BYTES = 1024;

  /**
   * Events older than this are answered 200 and dropped: Notion retries for about a day, and their
   * ids may have been purged since (so deduplication alone would let a captured body in again).
   */
  public static final Duration MAX_EVENT_AGE = Duration.ofDays(3);

  /** The one answer to every unauthenticated request refused. */
  public static final String UNAUTHORIZED = "The signature is missing or does not match.";

  /**
   * How long the confirmed token and capture window are trusted before being read again; a request
   * they would refuse reads them again first, so a change shows at once where it lets one in.
   */
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

    /**
     * A correctly signed event that is too old to be anything but a replay: answered 200 (so Notion
     * stops), neither stored nor delivered.
     *
     * @param eventId its id
     */
    record Stale(String eventId) implements Receipt {
      @Override
      public int status() {
        return 200;
      }
    }

    /**
     * A verification request kept as a candidate during a capture window (never trusted yet).
     *
     * @param number its number in the window
     */
    record CandidateKept(int number) implements Receipt {
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
   * The largest body worth reading for a request with or without a signature: adapters refuse a
   * longer declared length before reading anything.
   */
  public int maxBodyBytes(boolean signed) {
    return signed ? maxBodyBytes : Math.min(maxBodyBytes, MAX_UNSIGNED_BODY_BYTES);
  }

  /**
   * Decides on one delivery.
   *
   * @param from the client's address (kept with a verification request, for the operator)
   * @param signature the {@value WebhookSignature#HEADER} header, or null when absent
   * @param body the raw body, at most {@link #maxBodyBytes()} bytes (longer is refused)
   */
  public Receipt receive(String from, @Nullable String signature, byte[] body) {
    if (body.length > maxBodyBytes) {
      return new Receipt.Refused(413, "The body is larger than " + maxBodyBytes + " bytes.");
    }
    try {
      return signature != null ? signed(from, signature, body) : unsigned(from, body);
    } catch (RuntimeException e) {
      LOG.warn("Webhook store unavailable: {}", e.getClass().getSimpleName());
      return new Receipt.Refused(503, "Try again later.");
    }
  }

  private Receipt signed(String from, String signature, byte[] body) {
    // the token is read again once before refusing: one just confirmed works at once
    if (!signedWith(current(false), body, signature)
        && !signedWith(current(true), body, signature)) {
      // a verification request may be signed with the new token it carries: that proves nothing,
      // so it is judged as an unsigned one
      return unsigned(from, body);
    }
    WebhookMessage message;
    try {
      message = WebhookMessage.parse(body);
    } catch (NotionInvalidResponseException e) {
      return new Receipt.Refused(400, "The body is not a webhook event.");
    }
    if (message instanceof WebhookEnvelope event) {
      return record(event, body);
    }
    // a signed verification request: a signature keyed by one token proves nothing about the new
    // one it carries, so it is a candidate like any other
    return candidate((WebhookMessage.Handshake) message, from);
  }

  /** Only a small verification request inside a window can pass; nothing else is parsed. */
  private Receipt unsigned(String from, byte[] body) {
    if (body.length > MAX_UNSIGNED_BODY_BYTES) {
      return unauthorized();
    }
    WebhookMessage message;
    try {
      message = WebhookMessage.parse(body);
    } catch (NotionInvalidResponseException e) {
      return unauthorized();
    }
    if (message instanceof WebhookMessage.Handshake handshake) {
      return candidate(handshake, from);
    }
    return unauthorized();
  }

  private static boolean signedWith(Cached now, byte[] body, String signature) {
    return now.token().isPresent() && WebhookSignature.verify(now.token().get(), body, signature);
  }

  private static Receipt unauthorized() {
    return new Receipt.Refused(401, UNAUTHORIZED);
  }

  private boolean windowOpen(Cached now) {
    return now.captureUntil().map(until -> until.isAfter(clock.instant())).orElse(false);
  }

  /** A verification request: kept as a candidate only inside the window, never trusted here. */
  private Receipt candidate(WebhookMessage.Handshake handshake, String from) {
    // the window is read again once before refusing: one just opened works at once
    if (!windowOpen(current(false)) && !windowOpen(current(true))) {
      return unauthorized();
    }
    Optional<Integer> number;
    try {
      number =
          store.addCandidate(
              handshake.token(),
              clock.instant(),
              LogSafe.text(from),
              WebhookVerification.MAX_CANDIDATES);
    } catch (RuntimeException e) {
      LOG.warn("Could not keep a verification request: {}", e.getClass().getSimpleName());
      return new Receipt.Refused(503, "Try again later.");
    }
    if (number.isEmpty()) {
      // the window closed meanwhile, or is full: refused like any other unauthenticated request
      return unauthorized();
    }
    cached = null;
    LOG.info(
        "Webhook verification request #{} received from {}; list it with `webhooks candidates`,"
            + " confirm it once Notion accepted it",
        number.get(),
        LogSafe.text(from));
    return new Receipt.CandidateKept(number.get());
  }

  private Receipt record(WebhookEnvelope event, byte[] body) {
    if (event.timestamp().isBefore(clock.instant().minus(MAX_EVENT_AGE))) {
      LOG.info(
          "Webhook event {} dropped: its timestamp is more than {} days old",
          LogSafe.text(event.id()),
          MAX_EVENT_AGE.toDays());
      return new Receipt.Stale(event.id());
    }
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

  /** The confirmed token and the window, as last read (within a second), or read now. */
  private Cached current(boolean fresh) {
    Instant now = clock.instant();
    Cached c = cached;
    if (fresh || c == null || c.readAt().plus(CACHE).isBefore(now) || c.readAt().isAfter(now)) {
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
    private int maxBodyBytes = 64 * 1024;
    private Clock clock = Clock.systemUTC();
    private Runnable onRecorded = () -> {};

    private Builder(WebhookStore store) {
      this.store = store;
    }

    /**
     * The largest body accepted (default 64 KiB: Notion's events carry ids only, an aggregated one
     * with 100 authors is under 10 KiB).
     */
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
