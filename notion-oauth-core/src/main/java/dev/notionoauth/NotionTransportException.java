package dev.notionoauth;

import org.jspecify.annotations.Nullable;

/** Notion could not be reached, or did not answer in time, or the connection broke. */
public final class NotionTransportException extends NotionOAuthException {
  private static final long serialVersionUID = 1L;

  /** What kind of transport failure happened. */
  public enum Kind {
    /** No connection could be made: the request never left. */
    CONNECT,
    /** No complete answer within the deadline. The request may have been processed. */
    TIMEOUT,
    /** The connection failed after the request was sent. It may have been processed. */
    IO
  }

  private final Kind kind;

  /**
   * Creates the exception.
   *
   * @param kind what kind of failure
   * @param message what went wrong, free of secrets and URLs with query strings
   * @param cause the underlying cause, if any
   */
  public NotionTransportException(Kind kind, String message, @Nullable Throwable cause) {
    super(message, null, cause);
    this.kind = kind;
  }

  /** What kind of failure this was. */
  public Kind kind() {
    return kind;
  }
}
