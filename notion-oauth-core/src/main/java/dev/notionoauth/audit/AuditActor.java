package dev.notionoauth.audit;

import java.util.Locale;

/**
 * Who made an audited call: an API key (by name), an operator (by name), or nobody known (a request
 * that presented no valid key), with the client's address.
 *
 * @param kind what the name names
 * @param name the key's or operator's name; {@code -} for {@link Kind#ANONYMOUS}
 * @param address the client's address as the server saw it
 */
public record AuditActor(Kind kind, String name, String address) {

  /** What an actor's name names. */
  public enum Kind {
    /** An API key of the HTTP API. */
    KEY,
    /** An operator of the console. */
    OPERATOR,
    /** A request without a valid key. */
    ANONYMOUS,
    /** The server itself (an installation's health changing). */
    SYSTEM;

    /** The lower-case name stored and printed. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of a {@link #wireName()}. */
    public static Kind parse(String value) {
      return valueOf(value.toUpperCase(Locale.ROOT));
    }
  }

  /** An API key's call. */
  public static AuditActor key(String name, String address) {
    return new AuditActor(Kind.KEY, name, address);
  }

  /** The server itself. */
  public static AuditActor system() {
    return new AuditActor(Kind.SYSTEM, "server", "-");
  }

  /** A call without a valid key. */
  public static AuditActor anonymous(String address) {
    return new AuditActor(Kind.ANONYMOUS, "-", address);
  }
}
