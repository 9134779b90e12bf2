package dev.notionoauth.server.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.jspecify.annotations.Nullable;

/**
 * Believes forwarding headers only from a configured trusted proxy, and resolves the client's
 * address itself rather than taking whatever the left-most entry says:
 *
 * <ul>
 *   <li>every {@code X-Forwarded-For} line is read, in order, as one list, and walked from the
 *       right: entries that are trusted proxies are skipped; the first that is not is the client.
 *       What a client wrote into the header itself sits to the left of what our proxies appended,
 *       so it is never reached;
 *   <li>{@code Forwarded} is ignored (a client can send one that a proxy passes through) unless
 *       {@code server.client-address-header: forwarded}, when its {@code for=} values are walked
 *       the same way instead;
 *   <li>{@code X-Forwarded-Proto} and {@code -Host} from a trusted proxy set the scheme and host.
 * </ul>
 *
 * From anyone else every forwarding header is ignored. The proxy must append the address it saw
 * (nginx {@code $proxy_add_x_forwarded_for}, HAProxy {@code option forwardfor}, AWS ALB do).
 */
public final class TrustedProxyCustomizer implements HttpConfiguration.Customizer {
  /** A request attribute, true when the request came through one of our trusted proxies. */
  public static final String FROM_TRUSTED_PROXY = "dev.notionoauth.fromTrustedProxy";

  private final List<Cidr> trusted;
  private final boolean useForwarded;
  private final ForwardedRequestCustomizer forwarded = new ForwardedRequestCustomizer();

  /**
   * Trusts the given addresses and ranges.
   *
   * @param trustedProxies addresses and CIDR ranges of our proxies
   * @param useForwarded read the client from {@code Forwarded} instead of {@code X-Forwarded-For}
   */
  public TrustedProxyCustomizer(List<String> trustedProxies, boolean useForwarded) {
    this.trusted =
        trustedProxies.stream().map(Cidr::parse).filter(c -> c != null).map(c -> (Cidr) c).toList();
    this.useForwarded = useForwarded;
  }

  @Override
  public Request customize(Request request, HttpFields.Mutable responseHeaders) {
    SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
    if (!(remote instanceof InetSocketAddress inet)
        || inet.getAddress() == null
        || !isTrusted(inet.getAddress())) {
      return request;
    }
    HttpFields original = request.getHeaders();
    String client = client(original, inet.getAddress());
    HttpFields.Mutable rewritten = HttpFields.build();
    for (HttpField f : original) {
      HttpHeader h = f.getHeader();
      if (h == HttpHeader.X_FORWARDED_FOR || h == HttpHeader.FORWARDED) {
        continue; // replaced by the one resolved address below
      }
      rewritten.add(f);
    }
    rewritten.add(HttpHeader.X_FORWARDED_FOR, client);
    HttpFields fields = rewritten.asImmutable();
    Request resolved =
        new Request.Wrapper(request) {
          @Override
          public HttpFields getHeaders() {
            return fields;
          }
        };
    resolved.setAttribute(FROM_TRUSTED_PROXY, Boolean.TRUE);
    return forwarded.customize(resolved, responseHeaders);
  }

  /** The right-most address that is not one of our proxies (the peer when there is none). */
  String client(HttpFields headers, InetAddress peer) {
    List<String> hops = new ArrayList<>();
    for (HttpField f : headers) {
      if (useForwarded
          ? f.getHeader() == HttpHeader.FORWARDED
          : f.getHeader() == HttpHeader.X_FORWARDED_FOR) {
        for (String element : f.getValue().split(",")) {
          String hop = useForwarded ? forValue(element) : element.strip();
          if (hop != null) {
            hops.add(hop);
          }
        }
      }
    }
    String last = peer.getHostAddress();
    for (int i = hops.size() - 1; i >= 0; i--) {
      byte[] address = Cidr.literalBytes(hops.get(i));
      if (address == null) {
        return last; // not an address: stop at the last hop we can vouch for
      }
      String hop = canonical(address, hops.get(i));
      if (!isTrusted(address)) {
        return hop;
      }
      last = hop;
    }
    return last;
  }

  /** The {@code for=} value of one {@code Forwarded} element, unquoted, port and brackets off. */
  private static @Nullable String forValue(String element) {
    for (String pair : element.split(";")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("for")) {
        String v = pair.substring(eq + 1).strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
          v = v.substring(1, v.length() - 1);
        }
        if (v.startsWith("[")) {
          int close = v.indexOf(']');
          return close < 0 ? null : v.substring(1, close);
        }
        int colon = v.indexOf(':');
        return colon < 0 ? v : v.substring(0, colon);
      }
    }
    return null;
  }

  private static String canonical(byte[] address, String text) {
    try {
      return InetAddress.getByAddress(address).getHostAddress();
    } catch (java.net.UnknownHostException e) {
      return text;
    }
  }

  private boolean isTrusted(byte[] address) {
    try {
      return isTrusted(InetAddress.getByAddress(address));
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private boolean isTrusted(InetAddress address) {
    for (Cidr c : trusted) {
      if (c.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
