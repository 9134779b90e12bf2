package dev.notionoauth;

import org.jspecify.annotations.Nullable;

/**
 * Notion (or something in front of it) answered with a body we cannot use: not JSON, an HTML page,
 * a required field missing or of the wrong type, too large, or a redirect. The body itself is never
 * put in the message.
 */
public final class NotionInvalidResponseException extends NotionOAuthException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was wrong, naming fields but never their values
   * @param requestId Notion's request id, if one could be read
   */
  public NotionInvalidResponseException(String message, @Nullable String requestId) {
    super(message, requestId, null);
  }
}
