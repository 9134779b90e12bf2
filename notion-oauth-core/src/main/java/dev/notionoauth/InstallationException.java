package dev.notionoauth;

/** An installation is missing, or can no longer be used and needs a new authorization. */
public final class InstallationException extends NotionOAuthException {
  private static final long serialVersionUID = 1L;

  /** Why the installation cannot be used. */
  public enum Reason {
    /** No installation with that bot id. */
    NOT_FOUND,
    /** Notion no longer accepts its tokens: the user must authorize again. */
    INACTIVE,
    /** It has no refresh token (older connections), so it cannot be refreshed. */
    NO_REFRESH_TOKEN,
    /** Another refresh of it did not finish in time. */
    REFRESH_BUSY
  }

  private final Reason reason;

  /**
   * Creates the exception.
   *
   * @param reason why
   * @param botId the installation (an id, not a secret)
   */
  public InstallationException(Reason reason, String botId) {
    super(describe(reason) + ": bot_id=" + botId);
    this.reason = reason;
  }

  /** Why the installation cannot be used. */
  public Reason reason() {
    return reason;
  }

  private static String describe(Reason reason) {
    return switch (reason) {
      case NOT_FOUND -> "no such installation";
      case INACTIVE -> "installation is inactive and needs a new authorization";
      case NO_REFRESH_TOKEN -> "installation has no refresh token";
      case REFRESH_BUSY -> "another refresh of this installation did not finish in time";
    };
  }
}
