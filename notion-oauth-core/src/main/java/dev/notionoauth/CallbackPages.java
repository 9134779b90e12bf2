package dev.notionoauth;

import dev.notionoauth.spi.ResponseView;
import dev.notionoauth.spi.ResultPageIds;
import dev.notionoauth.spi.ResultPageStore;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which page a callback ends on, the flow's policy (adapters only write it): pages are rendered by
 * the {@link ResponseView} and kept in the {@link ResultPageStore} behind an unguessable id, except
 * a failure that happened before any state matched (no context, nothing from Notion), which renders
 * the same for everybody and is rendered again on request under a fixed id ({@code
 * failed-state-unknown}), so a flood of forged callbacks writes nothing; a busy server's page is
 * shown at once (nothing was consumed: a reload tries again). Without a page store every page is
 * shown at once.
 */
final class CallbackPages {
  private static final Logger LOG = LoggerFactory.getLogger(CallbackPages.class);

  /** Result page ids of failures rendered on request, e.g. {@code failed-state-unknown}. */
  private static final Map<String, FailureReason> FAILURE_PAGES =
      Arrays.stream(FailureReason.values())
          .collect(Collectors.toUnmodifiableMap(CallbackPages::failurePageId, r -> r));

  private final ResponseView view;
  private final @Nullable ResultPageStore store;

  CallbackPages(ResponseView view, @Nullable ResultPageStore store) {
    this.view = view;
    this.store = store;
  }

  /**
   * An authorization's page, rendered and kept inside the installation's commit (one commit for
   * both on PostgreSQL); null when it could not be rendered there ({@link #pageFor} tries again
   * outside, failing the same way in the open).
   */
  @Nullable ResultPage keepAuthorized(CallbackOutcome.Authorized authorized) {
    HttpReply page;
    try {
      page = view.render(authorized);
    } catch (RuntimeException e) {
      return null;
    }
    return keep(page);
  }

  /** The page of any outcome but an authorization kept by {@link #keepAuthorized}. */
  ResultPage pageFor(CallbackOutcome outcome, boolean unbound) {
    if (outcome instanceof CallbackOutcome.Failed f) {
      if (f.reason() == FailureReason.BUSY) {
        return new ResultPage.Show(view.render(outcome));
      }
      if (store != null && (unbound || replayable(f))) {
        return new ResultPage.Redirect(failurePageId(f.reason()));
      }
    }
    return keep(view.render(outcome));
  }

  /** A kept page, or a failure page rendered on request. */
  Optional<HttpReply> find(String id) {
    ResultPageStore s = store;
    if (ResultPageIds.isWellFormed(id)) {
      return s == null ? Optional.empty() : s.get(id);
    }
    return Optional.ofNullable(FAILURE_PAGES.get(id))
        .map(r -> view.render(CallbackOutcome.Failed.of(r, FlowContext.empty())));
  }

  /** The page kept behind an id, or shown at once when there is no store or it fails or is full. */
  private ResultPage keep(HttpReply page) {
    ResultPageStore s = store;
    if (s == null) {
      return new ResultPage.Show(page);
    }
    try {
      return new ResultPage.Redirect(s.put(page));
    } catch (RuntimeException e) {
      LOG.warn("Result page not stored ({}); shown directly", e.getClass().getSimpleName());
      return new ResultPage.Show(page);
    }
  }

  /** Nothing in it but the reason: the same page for everybody. */
  private static boolean replayable(CallbackOutcome.Failed f) {
    return f.context().isEmpty()
        && f.errorCode() == null
        && f.requestId() == null
        && f.retryAfter() == null;
  }

  /** The fixed id of a failure's page, e.g. {@code failed-state-unknown}. */
  static String failurePageId(FailureReason reason) {
    return "failed-" + reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
