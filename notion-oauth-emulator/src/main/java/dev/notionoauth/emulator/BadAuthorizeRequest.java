package dev.notionoauth.emulator;

/** An authorize request the page refuses; shown as an error page, never redirected. */
final class BadAuthorizeRequest extends Exception {
  private static final long serialVersionUID = 1L;

  BadAuthorizeRequest(String message) {
    super(message, null, false, false);
  }
}
