package dev.notionoauth.webhook;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A webhook event as the receiver keeps it: the exact body Notion signed, and where its delivery to
 * the webhook consumers stands. Written by {@link WebhookReceiver} before Notion gets its 2xx, so a
 * crash after the answer loses nothing; advanced by {@link WebhookDispatcher}.
 *
 * @param id Notion's event id (one row per id: redeliveries are recognised by it)
 * @param type e.g. {@code page.created}
 * @param workspaceId the workspace
 * @param receivedAt when it first arrived
 * @param body the signed body, as received (UTF-8 JSON)
 * @param status where its delivery stands
 * @param attempts how many times the consumers were tried
 * @param nextAttemptAt when it is due (pending rows only)
 * @param lastError the last consumer failure's exception class, never its message (it may hold
 *     secrets)
 * @param installations the bot ids it was routed to (empty until routed)
 * @param kept whether the {@code store} consumer keeps it past the retention period
 */
public record StoredWebhookEvent(
    String id,
    String type,
    String workspaceId,
    Instant receivedAt,
    String body,
    Status status,
    int attempts,
    Instant nextAttemptAt,
    @Nullable String lastError,
    List<String> installations,
    boolean kept) {

  /** Copies the list. */
  public StoredWebhookEvent {
    installations = List.copyOf(installations);
  }

  /** Where an event's delivery stands. */
  public enum Status {
    /** Waiting for (another) delivery attempt. */
    PENDING,
    /** Every consumer took it. */
    DELIVERED,
    /** It concerned no stored installation: kept and counted, delivered to nobody. */
    UNMATCHED,
    /** The consumers kept failing: a dead letter until {@code webhooks replay}. */
    FAILED
  }

  /** A newly received event, due now. */
  public static StoredWebhookEvent received(WebhookEnvelope event, String body, Instant now) {
    return new StoredWebhookEvent(
        event.id(),
        event.type(),
        event.workspaceId(),
        now,
        body,
        Status.PENDING,
        0,
        now,
        null,
        List.of(),
        false);
  }

  /** The event, parsed again from the stored body. */
  public WebhookEnvelope event() {
    return WebhookEnvelope.fromJson(body);
  }
}
