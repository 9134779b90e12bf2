package dev.notionoauth.spi;

import dev.notionoauth.HttpReply;
import java.util.Optional;

/**
 * Keeps rendered result pages for a short while, so the callback can answer with a redirect (303)
 * to {@code result-path/<id>} and the code and state leave the browser's address bar and history.
 * Ids are unguessable. Implementations must be thread-safe; one shared by several instances (the
 * JDBC store) lets the redirect land on any of them.
 *
 * <p>Built in: {@link dev.notionoauth.InMemoryResultPageStore} (one instance).
 */
public interface ResultPageStore {

  /**
   * Stores a page.
   *
   * @param reply the rendered page
   * @return its opaque id (URL-safe)
   */
  String put(HttpReply reply);

  /**
   * Looks a page up; it stays available (reloads show the same page) until it expires.
   *
   * @param id the id from {@link #put}
   * @return the page, if it exists and has not expired
   */
  Optional<HttpReply> get(String id);
}
