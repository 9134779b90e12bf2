package dev.notionoauth;

import java.net.URI;
import java.time.Instant;

/**
 * What {@link NotionOAuthFlow#start} produced: where to send the browser and the binding cookie to
 * give it. Prints without the state or the binding.
 *
 * @param authorizeUrl Notion's authorize URL with the new state; answer with a redirect to it
 * @param binding the browser binding; set it as a cookie with {@link
 *     BrowserBinding#setCookieHeader}
 * @param expiresAt when the state stops being accepted
 */
public record FlowStart(URI authorizeUrl, BrowserBinding binding, Instant expiresAt) {
  /** Without the query: the authorize URL carries the state. */
  @Override
  public String toString() {
    return "FlowStart[authorizeUrl="
        + authorizeUrl.getScheme()
        + "://"
        + authorizeUrl.getRawAuthority()
        + authorizeUrl.getRawPath()
        + "?***, binding=***, expiresAt="
        + expiresAt
        + "]";
  }
}
