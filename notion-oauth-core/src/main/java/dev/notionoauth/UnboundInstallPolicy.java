package dev.notionoauth;

/**
 * What the flow does with a callback that has a code but no state: an install started from Notion's
 * side (a gallery listing, a link in Notion, some re-authorizations), which no browser of ours
 * began.
 *
 * <p>{@link #REJECT} (the default) refuses it: nothing is exchanged. {@link #ACCEPT} exchanges the
 * code and hands the token to the consumer as <em>unbound</em> (linked to nobody); the result page
 * then offers a signed claim link to the host app, which links it to its logged-in user. Trade-off:
 * without our state there is no CSRF protection for that callback, so whoever holds a fresh code
 * for our integration can make us store an installation. It is only ever the installation of the
 * workspace that authorized it, never linked to anyone until a logged-in user of the host app
 * claims it; claim only from an authenticated session and show the user which workspace they are
 * claiming.
 */
public enum UnboundInstallPolicy {
  /** Refuse callbacks without our state. */
  REJECT,
  /** Exchange them and store the installation unbound, to be claimed by the host app. */
  ACCEPT
}
