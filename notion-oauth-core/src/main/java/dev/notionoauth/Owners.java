package dev.notionoauth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Whose a re-authorized installation is: part of {@link Installations#save}. */
final class Owners {
  private static final Logger LOG = LoggerFactory.getLogger(Installations.class);

  private Owners() {}

  /**
   * Who owns a re-authorized installation (review L5): an authorization that names nobody (started
   * from Notion's side, or without an install link) keeps the stored owner instead of unlinking it;
   * one that names another owner moves it, with a warning naming both, never silently.
   */
  static Installation keep(Installation before, Installation authorized) {
    if (before.context().isEmpty() || authorized.context().equals(before.context())) {
      return authorized;
    }
    if (authorized.context().isEmpty()) {
      return authorized.withContext(before.context(), authorized.timestamps().updated());
    }
    LOG.warn(
        "Re-authorization moves bot_id={} from {} to {}",
        authorized.botId(),
        dev.notionoauth.web.LogSafe.text(before.context().values().toString()),
        dev.notionoauth.web.LogSafe.text(authorized.context().values().toString()));
    return authorized;
  }
}
