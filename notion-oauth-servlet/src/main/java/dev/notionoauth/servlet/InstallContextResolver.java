package dev.notionoauth.servlet;

import dev.notionoauth.FlowContext;
import dev.notionoauth.InstallLinks;
import dev.notionoauth.SingleUseLinks;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Decides the {@link FlowContext} of an install request, or refuses it.
 *
 * <p>Embedded in your own app, take the context from your authenticated session (never from a bare
 * query parameter: anyone could send your user a link carrying another user's id). A separately
 * running server uses {@link #signedLinks}.
 */
@FunctionalInterface
public interface InstallContextResolver {

  /**
   * The context for this install request.
   *
   * @param request the install request
   * @return the context, or empty to refuse the request (400, nobody is sent to Notion)
   */
  Optional<FlowContext> resolve(HttpServletRequest request);

  /** Every install starts with an empty context; query parameters are ignored. */
  static InstallContextResolver none() {
    return request -> Optional.of(FlowContext.empty());
  }

  /**
   * Context from a signed install link ({@link InstallLinks}). A request without link parameters
   * starts with an empty context unless {@code required}; a bad or expired link is refused, and so
   * is a single-use link whose id was used before (it is consumed here, across every instance
   * sharing the state store: {@link dev.notionoauth.NotionOAuthFlow#singleUseLinks}).
   */
  static InstallContextResolver signedLinks(
      InstallLinks links, boolean required, Clock clock, SingleUseLinks used) {
    return request -> {
      Instant now = clock.instant();
      InstallLinks.Verification v = links.verify(request.getQueryString(), now);
      switch (v.verdict()) {
        case VALID:
          String id = v.linkId();
          Instant expires = v.expiresAt();
          if (id != null && expires != null && !used.consume(id, expires)) {
            return Optional.empty(); // used before: a forwarded or replayed copy
          }
          return Optional.of(v.context());
        case ABSENT:
          return required ? Optional.empty() : Optional.of(FlowContext.empty());
        default:
          return Optional.empty();
      }
    };
  }
}
