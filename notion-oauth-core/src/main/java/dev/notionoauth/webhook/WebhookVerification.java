package dev.notionoauth.webhook;

import dev.notionoauth.spi.WebhookStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The operator's side of Notion's webhook handshake, where no verification token is trusted because
 * it arrived: an operator opens a capture window, creates the subscription (or clicks "Resend
 * token") in Notion, sees every verification request that arrived in the window as a numbered
 * {@link WebhookCandidate}, pastes one into Notion's <i>Verify</i> dialog, and once Notion accepted
 * it confirms that number. Only then are deliveries signed with it accepted. A request outside a
 * window is refused and stored nowhere.
 *
 * <p>Used by the standalone server's {@code webhooks capture}, {@code webhooks candidates} and
 * {@code webhooks confirm} commands, and exposed as a bean by the Spring Boot starter (for an admin
 * page or a runner of the app's own). Thread-safe; every step goes through the store, so it works
 * from any instance or process sharing it.
 */
public final class WebhookVerification {
  /** Candidates kept per window at most; later requests in the window are refused. */
  public static final int MAX_CANDIDATES = 20;

  /** The longest a capture window may stay open. */
  public static final Duration MAX_WINDOW = Duration.ofHours(1);

  private final WebhookStore store;
  private final Clock clock;

  /** The steps over a store, with the system clock. */
  public WebhookVerification(WebhookStore store) {
    this(store, Clock.systemUTC());
  }

  /** The steps over a store and a clock. */
  public WebhookVerification(WebhookStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /**
   * Opens a capture window for {@code length} (1 second to {@link #MAX_WINDOW}), forgetting the
   * candidates of an earlier one. The confirmed token, if any, stays in use meanwhile.
   *
   * @return when the window closes
   */
  public Instant open(Duration length) {
    if (length.compareTo(Duration.ofSeconds(1)) < 0 || length.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("a capture window lasts between 1 second and 1 hour");
    }
    Instant until = clock.instant().plus(length);
    store.openCapture(until);
    return until;
  }

  /** Closes the window; its candidates can still be confirmed. */
  public void close() {
    store.closeCapture();
  }

  /** Until when the window is open, if it is. */
  public Optional<Instant> openUntil() {
    Instant now = clock.instant();
    return store.captureOpenUntil().filter(until -> until.isAfter(now));
  }

  /** The candidates received in the current (or last) window, by number. */
  public List<WebhookCandidate> candidates() {
    return store.candidates();
  }

  /**
   * Trusts candidate {@code number} from now on (do this only after Notion's <i>Verify</i> accepted
   * its token); the other candidates are forgotten and the window is closed.
   *
   * @return false if there is no such candidate
   */
  public boolean confirm(int number) {
    return store.confirm(number, clock.instant());
  }

  /** Whether a token is confirmed, so that signed deliveries can be accepted. */
  public boolean hasConfirmedToken() {
    return store.verificationToken().isPresent();
  }
}
