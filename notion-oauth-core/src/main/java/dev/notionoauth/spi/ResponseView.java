package dev.notionoauth.spi;

import dev.notionoauth.CallbackOutcome;
import dev.notionoauth.HttpReply;

/**
 * Builds the page the user sees after the callback (the seed's {@code make_auth_response} and
 * {@code make_access_denied_response}).
 *
 * <p>Called by the adapters once per callback, concurrently: implementations must be thread-safe.
 * Never reflect request input into a page, and escape every value from Notion (a workspace name is
 * anyone's text). The adapter adds the security headers the reply does not set.
 *
 * <p>Built in: {@code default} (small self-contained HTML pages).
 */
public interface ResponseView {

  /** The page for a connected workspace. */
  HttpReply authorized(CallbackOutcome.Authorized outcome);

  /** The page for a user who pressed Cancel. */
  HttpReply denied(CallbackOutcome.Denied outcome);

  /** The page for a failure; its status is usually {@code reason().httpStatus()}. */
  HttpReply failed(CallbackOutcome.Failed outcome);

  /** Dispatches on the outcome's type. */
  default HttpReply render(CallbackOutcome outcome) {
    if (outcome instanceof CallbackOutcome.Authorized a) {
      return authorized(a);
    } else if (outcome instanceof CallbackOutcome.Denied d) {
      return denied(d);
    } else {
      return failed((CallbackOutcome.Failed) outcome);
    }
  }
}
