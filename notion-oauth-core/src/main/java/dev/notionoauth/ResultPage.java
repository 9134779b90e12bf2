package dev.notionoauth;

/**
 * The page a callback ends on, decided by {@link NotionOAuthFlow}: an adapter only writes it.
 * Either a {@link Redirect} to a result page (kept, or rendered on request), so the code and state
 * leave the address bar, or a page to {@link Show} at once (a busy server, or a page that could not
 * be kept).
 */
public sealed interface ResultPage {

  /**
   * Answer 303 to {@code <result path>/<id>}; the page is found there with {@link
   * NotionOAuthFlow#resultPage}.
   *
   * @param id the result page's id (opaque, URL-safe)
   */
  record Redirect(String id) implements ResultPage {}

  /**
   * Write this page now.
   *
   * @param reply the page
   */
  record Show(HttpReply reply) implements ResultPage {}
}
