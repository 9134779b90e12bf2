package dev.notionoauth;

/** The library was configured wrongly, for example with an unknown plugin name. */
public final class NotionConfigException extends NotionOAuthException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and how to fix it
   */
  public NotionConfigException(String message) {
    super(message);
  }
}
