package dev.notionoauth.emulator;

/** Which of Notion's two error body shapes the emulator answers with. */
public enum ErrorShape {
  /**
   * {@code {"object":"error","status":400,"code":"invalid_grant","message":"…","request_id":"…"}}.
   */
  NOTION,
  /** {@code {"error":"invalid_grant","error_description":"…","request_id":"…"}} (RFC 6749 §5.2). */
  OAUTH
}
