package dev.notionoauth;

/**
 * Why a callback did not end with a token. Each reason has the HTTP status the result page is
 * served with and a message safe to show the user (it reflects nothing from the request).
 */
public enum FailureReason {
  /** Parameters missing, duplicated, malformed or contradictory. Nothing was consumed. */
  MALFORMED_REQUEST(400, "This link is not a valid answer from Notion. Please start again."),
  /** No such state: never issued, or purged after it expired. */
  STATE_UNKNOWN(400, "This connection link is unknown or has expired. Please start again."),
  /** The state's time-to-live has passed. */
  STATE_EXPIRED(400, "This connection link has expired. Please start again."),
  /** A callback already used this state (reload, back button or replay). */
  STATE_ALREADY_USED(409, "This connection link was already used. Please start again."),
  /** The browser did not present the cookie the flow was started with. */
  STATE_NOT_FOR_THIS_BROWSER(
      400,
      "This connection was started in another browser (or cookies are blocked). Please start"
          + " again in this browser."),
  /** The state store could not be reached; nothing was consumed, the same link may work later. */
  STATE_STORE_UNAVAILABLE(503, "We cannot process this right now. Please try again in a minute."),
  /** Notion redirected back with an error other than the user's cancel. */
  AUTHORIZATION_ERROR(502, "Notion could not complete the authorization. Please start again."),
  /** Notion refused the code ({@code invalid_grant} and other 4xx): expired or already used. */
  CODE_REJECTED(400, "Notion did not accept this authorization. Please start again."),
  /**
   * Notion refused our client credentials ({@code invalid_client}): the service is misconfigured.
   */
  CLIENT_REJECTED(
      500, "This integration is misconfigured. The operator has been notified; please try later."),
  /** Notion answered 429/529 beyond our retry budget. */
  NOTION_RATE_LIMITED(503, "Notion is busy right now. Please start again in a minute."),
  /** Notion answered 5xx, could not be reached, or the connection broke. */
  NOTION_UNAVAILABLE(502, "We could not reach Notion. Please start again in a minute."),
  /** Notion did not answer in time. */
  NOTION_TIMEOUT(504, "Notion took too long to answer. Please start again."),
  /** Notion's answer was unusable (not JSON, a field missing, too large, a redirect). */
  NOTION_INVALID_RESPONSE(
      502, "Notion sent an answer we could not understand. Please start again."),
  /** The consumer (the integration's own code) failed with the token. */
  CONSUMER_FAILED(503, "We could not finish connecting your workspace. Please start again."),
  /**
   * Too many code exchanges are in flight: nothing was consumed, so the same callback can be tried
   * again in a few seconds (answered 503 with {@code Retry-After}).
   */
  BUSY(
      503,
      "Too many connections are being completed right now. Please reload this page in a few seconds.");

  private final int httpStatus;
  private final String userMessage;

  FailureReason(int httpStatus, String userMessage) {
    this.httpStatus = httpStatus;
    this.userMessage = userMessage;
  }

  /** The HTTP status of the result page. */
  public int httpStatus() {
    return httpStatus;
  }

  /** A message for the user; plain text, reflecting nothing from the request. */
  public String userMessage() {
    return userMessage;
  }
}
