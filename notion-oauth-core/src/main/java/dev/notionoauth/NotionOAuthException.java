package dev.notionoauth;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The base of every exception this library throws. Unchecked.
 *
 * <p>Messages never contain secrets (client secret, codes, states, tokens, cookies). Where Notion
 * answered, {@link #requestId()} carries Notion's {@code request_id} for support tickets.
 */
public class NotionOAuthException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String requestId;

  /**
   * Creates an exception.
   *
   * @param message what went wrong, free of secrets
   * @param requestId Notion's request id, if Notion answered
   * @param cause the underlying cause, if any
   */
  public NotionOAuthException(
      String message, @Nullable String requestId, @Nullable Throwable cause) {
    super(message, cause);
    this.requestId = requestId;
  }

  /**
   * Creates an exception without request id or cause.
   *
   * @param message what went wrong, free of secrets
   */
  public NotionOAuthException(String message) {
    this(message, null, null);
  }

  /** Notion's {@code request_id} (body) or {@code x-notion-request-id} (header), if any. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }
}
