package dev.notionoauth;

import dev.notionoauth.spi.StoreCommits;
import dev.notionoauth.spi.TokenConsumer;
import dev.notionoauth.web.LogSafe;
import java.time.Clock;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step of a callback whose state checked out: the code exchange, then — in one commit —
 * the installation stored, the consumer told and the result page kept; {@link
 * CallbackOutcome.Authorized} only once that commit succeeded. Part of {@link NotionOAuthFlow}.
 */
final class Authorizer {
  private static final Logger LOG = LoggerFactory.getLogger(NotionOAuthFlow.class);

  private final NotionOAuthClient client;
  private final TokenConsumer consumer;
  private final StoreCommits commits;
  private final Clock clock;
  private final @Nullable Installations installations;
  private final CallbackPages pages;

  Authorizer(
      NotionOAuthClient client,
      TokenConsumer consumer,
      StoreCommits commits,
      Clock clock,
      @Nullable Installations installations,
      CallbackPages pages) {
    this.client = client;
    this.consumer = consumer;
    this.commits = commits;
    this.clock = clock;
    this.installations = installations;
    this.pages = pages;
  }

  /** An authorization's page, kept in its commit by {@link #exchange}. */
  static final class Kept {
    @Nullable ResultPage page;
  }

  CallbackOutcome exchange(
      AuthorizationCode code,
      FlowContext context,
      boolean bound,
      Duration maxRetryAfter,
      Kept kept) {
    TokenResponse token;
    try {
      token = client.exchangeCode(code, maxRetryAfter);
    } catch (NotionOAuthException e) {
      return ExchangeFailures.outcome(e, context);
    }
    CallbackOutcome.Authorized authorized;
    try {
      authorized =
          commits.inOneCommit(
              () -> {
                Installations w = installations;
                Installation stored =
                    w == null
                        ? null
                        : w.save(Installation.from(token, context, bound, clock.instant()));
                CallbackOutcome.Authorized a =
                    new CallbackOutcome.Authorized(token, context, bound, stored);
                consumer.onAuthorized(a);
                kept.page = pages.keepAuthorized(a);
                return a;
              });
    } catch (RuntimeException e) {
      kept.page = null;
      LOG.error(
          "Consumer failed (or its writes did not commit) with the token of bot_id={}"
              + " workspace_id={}: {}",
          token.botId(),
          token.workspaceId(),
          LogSafe.text(e.getClass().getName()));
      return new CallbackOutcome.Failed(
          FailureReason.CONSUMER_FAILED, context, null, token.requestId(), null);
    }
    return authorized;
  }
}
