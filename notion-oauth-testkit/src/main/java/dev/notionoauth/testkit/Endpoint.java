package dev.notionoauth.testkit;

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
}
