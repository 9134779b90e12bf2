package dev.notionoauth.emulator;

import java.util.Optional;

/** The emulator's endpoints, for failure injection and request assertions. */
public enum Endpoint {
  /** {@code GET /v1/oauth/authorize} and the consent form's {@code POST}. */
  AUTHORIZE("/v1/oauth/authorize"),
  /** {@code POST /v1/oauth/token}: code exchange and refresh. */
  TOKEN("/v1/oauth/token"),
  /** {@code POST /v1/oauth/revoke}. */
  REVOKE("/v1/oauth/revoke"),
  /** {@code POST /v1/oauth/introspect}. */
  INTROSPECT("/v1/oauth/introspect"),
  /** {@code GET /v1/users/me}: the bot user of the token. */
  USERS_ME("/v1/users/me"),
  /** {@code POST /v1/search}: the pages shared with the integration. */
  SEARCH("/v1/search"),
  /** {@code GET /v1/pages/{id}} and {@code POST /v1/pages} (create). */
  PAGES("/v1/pages");

  private final String path;

  Endpoint(String path) {
    this.path = path;
  }

  /** The endpoint's path. */
  public String path() {
    return path;
  }

  /** The endpoint at a request path, if any ({@code /v1/pages/<id>} is {@link #PAGES}). */
  public static Optional<Endpoint> ofPath(String path) {
    for (Endpoint e : values()) {
      if (e.path.equals(path)) {
        return Optional.of(e);
      }
    }
    if (path.startsWith(PAGES.path + "/") && path.indexOf('/', PAGES.path.length() + 1) < 0) {
      return Optional.of(PAGES);
    }
    return Optional.empty();
  }

  /** Whether this is one of Notion's API endpoints (called with a bearer token). */
  public boolean isApi() {
    return this == USERS_ME || this == SEARCH || this == PAGES;
  }
}
