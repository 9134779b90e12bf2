package dev.notionoauth;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Notion answered with an error status: an OAuth call (for example 400 {@code invalid_grant} or 401
 * {@code invalid_client}) or an API call made with an installation's token (for example 404 {@code
 * object_not_found} for a page not shared with the integration).
 *
 * <p>Both error body shapes Notion is known to send are understood: its API shape {@code
 * {"object":"error","status":400,"code":"invalid_grant","message":"…"}} and the OAuth shape {@code
 * {"error":"invalid_grant","error_description":"…"}}. Notion's own message is kept apart in {@link
 * #notionMessage()} and is not part of {@link #getMessage()}.
 */
public class NotionApiException extends NotionOAuthException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final @Nullable String notionMessage;

  /**
   * Creates the exception from a parsed error.
   *
   * @param error the error Notion sent
   */
  public NotionApiException(NotionError error) {
    this(error, "Notion answered HTTP " + error.status() + " " + error.code());
  }

  /**
   * Creates the exception with a message of the caller's choosing.
   *
   * @param error the error Notion sent
   * @param message the exception message, free of secrets
   */
  protected NotionApiException(NotionError error, String message) {
    super(message, error.requestId(), null);
    this.status = error.status();
    this.code = error.code();
    this.notionMessage = error.message();
  }

  /** The HTTP status Notion answered with. */
  public int status() {
    return status;
  }

  /**
   * The error code: {@code error} of the OAuth shape or {@code code} of Notion's shape, for example
   * {@code invalid_grant}; {@code http_<status>} when the body carried none.
   */
  public String code() {
    return code;
  }

  /** Notion's human-readable message ({@code message} or {@code error_description}), if any. */
  public Optional<String> notionMessage() {
    return Optional.ofNullable(notionMessage);
  }
}
