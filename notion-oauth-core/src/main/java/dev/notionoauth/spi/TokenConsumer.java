package dev.notionoauth.spi;

import dev.notionoauth.CallbackOutcome;

/**
 * Receives what each callback came to: above all the token, with the flow's context (the seed's
 * {@code consume_token_info}), and the user's denial or a failure (its {@code
 * consume_redirect_error}).
 *
 * <p>Called by {@link dev.notionoauth.NotionOAuthFlow#handleCallback} on the request's thread, once
 * per callback, concurrently for different callbacks: implementations must be thread-safe. {@link
 * #onAuthorized} runs before the user sees the result page; if it throws, the user sees a "could
 * not finish" page and the outcome is {@link dev.notionoauth.FailureReason#CONSUMER_FAILED}.
 * Exceptions from {@link #onDenied} and {@link #onFailed} are logged and ignored.
 *
 * <p>Built in: {@code log} (logs workspace and bot ids, never a token).
 */
public interface TokenConsumer {

  /**
   * Takes the token. Store it (the pair is Notion's only copy) before returning.
   *
   * @param authorized the token response and the flow's context
   */
  void onAuthorized(CallbackOutcome.Authorized authorized);

  /**
   * Hears that the user cancelled on Notion's page. Default: nothing.
   *
   * @param denied the flow's context
   */
  default void onDenied(CallbackOutcome.Denied denied) {}

  /**
   * Hears that a callback failed. Default: nothing.
   *
   * @param failed the reason and, where known, the flow's context and Notion's request id
   */
  default void onFailed(CallbackOutcome.Failed failed) {}
}
