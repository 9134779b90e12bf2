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
  INTROSPECT("/v1/oauth/introspect");

  private final String path;

  Endpoint(String path) {
    this.path = path;
  }

  /** The endpoint's path. */
  public String path() {
    return path;
  }

  /** The endpoint at a request path, if any. */
  public static Optional<Endpoint> ofPath(String path) {
    for (Endpoint e : values()) {
      if (e.path.equals(path)) {
        return Optional.of(e);
      }
    }
    return Optional.empty();
  }
}
