package dev.notionoauth;

/**
 * An installation is missing, or cannot be used: it needs a new authorization or was revoked. The
 * message names the bot id (an id, not a secret).
 */
public final class InstallationException extends NotionOAuthException {
  private static final long serialVersionUID = 1L;

  /** Why the installation cannot be used. */
  public enum Reason {
    /** No installation with that bot id. */
    NOT_FOUND,
    /** Notion no longer accepts its tokens: the user must authorize again (a reconnect link). */
    NEEDS_REAUTH,
    /** It was revoked on purpose; a new authorization makes it active again. */
    REVOKED,
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
      case NEEDS_REAUTH -> "installation needs a new authorization";
      case REVOKED -> "installation was revoked";
      case NO_REFRESH_TOKEN -> "installation has no refresh token";
      case REFRESH_BUSY -> "another refresh of this installation did not finish in time";
    };
  }
}
