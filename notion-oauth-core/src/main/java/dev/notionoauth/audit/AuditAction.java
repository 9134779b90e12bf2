package dev.notionoauth.audit;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What an audited call did: its method and route template (such as {@code
 * /api/v1/installations/{bot_id}}, never the raw path or query), and the installation it touched.
 *
 * @param method the HTTP method
 * @param route the route template
 * @param botId the installation's bot id, when the route names one
 */
public record AuditAction(String method, String route, @Nullable String botId) {

  /** The installation the call touched, if any. */
  public Optional<String> bot() {
    return Optional.ofNullable(botId);
  }
}
