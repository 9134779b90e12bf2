package dev.notionoauth.emulator;

import java.time.Duration;

/**
 * A failure the emulator plays instead of (or before) its normal answer, queued with {@link
 * NotionEmulator#failNext}. Each queued fault applies to one request.
 */
public sealed interface Fault {

  /**
   * An error answer in the emulator's {@link ErrorShape}.
   *
   * @param status HTTP status
   * @param code Notion error code, e.g. {@code invalid_grant}
   * @param retryAfter the raw {@code Retry-After} header, or null for none
   * @param rateLimitReason {@code additional_data.rate_limit_reason}, or null for none
   */
  record Error(
      int status,
      String code,
      @org.jspecify.annotations.Nullable String retryAfter,
      @org.jspecify.annotations.Nullable String rateLimitReason)
      implements Fault {
    /** An error without a rate-limit reason. */
    public Error(int status, String code, @org.jspecify.annotations.Nullable String retryAfter) {
      this(status, code, retryAfter, null);
    }
  }

  /**
   * Any answer at all, e.g. a 200 with a field missing.
   *
   * @param status HTTP status
   * @param contentType the Content-Type header
   * @param body the body
   */
  record Raw(int status, String contentType, String body) implements Fault {}

  /**
   * Wait, then answer normally.
   *
   * @param delay how long
   */
  record Delay(Duration delay) implements Fault {}

  /** Never answer (until the emulator closes). */
  record Hang() implements Fault {}

  /**
   * Answer 200 with headers at once, then send a long body one byte at a time.
   *
   * @param perByte pause between bytes
   */
  record Drip(Duration perByte) implements Fault {}

  /** Declare a body length, send a few bytes, then close the connection. */
  record BrokenConnection() implements Fault {}

  /**
   * 200 declaring twice {@code bytes}, then {@code bytes} of a JSON body, then a broken connection.
   */
  record BrokenAfter(int bytes) implements Fault {}

  /** 429 {@code rate_limited} with {@code Retry-After} in whole seconds. */
  static Fault rateLimited(Duration retryAfter) {
    return new Error(429, "rate_limited", Long.toString(retryAfter.toSeconds()));
  }

  /** 429 {@code rate_limited} with this exact {@code Retry-After} (or none if null). */
  static Fault rateLimited(@org.jspecify.annotations.Nullable String rawRetryAfter) {
    return new Error(429, "rate_limited", rawRetryAfter);
  }

  /**
   * 429 {@code rate_limited} with {@code Retry-After} in whole seconds and {@code
   * additional_data.rate_limit_reason} (e.g. {@code workspace_rate_limit}).
   */
  static Fault rateLimited(Duration retryAfter, String reason) {
    return new Error(429, "rate_limited", Long.toString(retryAfter.toSeconds()), reason);
  }

  /** 529 {@code service_overload} with {@code Retry-After}. */
  static Fault overloaded(Duration retryAfter) {
    return new Error(529, "service_overload", Long.toString(retryAfter.toSeconds()));
  }

  /** 500 {@code internal_server_error}. */
  static Fault serverError() {
    return new Error(500, "internal_server_error", null);
  }

  /** An error status with a code, e.g. {@code error(400, "invalid_grant")}. */
  static Fault error(int status, String code) {
    return new Error(status, code, null);
  }

  /** Wait, then answer normally. */
  static Fault delay(Duration delay) {
    return new Delay(delay);
  }

  /** Never answer. */
  static Fault hang() {
    return new Hang();
  }

  /** 200 with a body that is not valid JSON. */
  static Fault malformedJson() {
    return new Raw(200, "application/json", "{\"access_token\": \"ntn_x\", \"token_type\": ");
  }

  /** An HTML page, as a proxy or CDN in front of Notion might send. */
  static Fault htmlBody(int status) {
    return new Raw(
        status,
        "text/html; charset=UTF-8",
        "<!DOCTYPE html><html><head><title>Bad gateway</title></head>"
            + "<body><h1>502 Bad Gateway</h1><p>cloudflare</p></body></html>");
  }

  /** 200 with a JSON body of about {@code bytes} bytes. */
  static Fault largeBody(int bytes) {
    StringBuilder body = new StringBuilder(bytes + 32).append("{\"padding\":\"");
    while (body.length() < bytes) {
      body.append('x');
    }
    return new Raw(200, "application/json", body.append("\"}").toString());
  }

  /** 200, then a body dripped one byte at a time. */
  static Fault drip(Duration perByte) {
    return new Drip(perByte);
  }

  /** The connection breaks in the middle of the answer. */
  static Fault brokenConnection() {
    return new BrokenConnection();
  }

  /** 200 declaring a body twice as long as the {@code bytes} sent before the connection breaks. */
  static Fault brokenAfter(int bytes) {
    return new BrokenAfter(bytes);
  }

  /** Any scripted answer. */
  static Fault raw(int status, String contentType, String body) {
    return new Raw(status, contentType, body);
  }
}
