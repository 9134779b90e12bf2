package dev.notionoauth.server.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Applies {@code X-Forwarded-Proto/Host/For} (and {@code Forwarded}) only when the connection comes
 * from a configured trusted proxy; from anyone else those headers are ignored.
 */
public final class TrustedProxyCustomizer implements HttpConfiguration.Customizer {
  private final List<Cidr> trusted;
  private final ForwardedRequestCustomizer forwarded = new ForwardedRequestCustomizer();

  /** Trusts the given addresses and ranges. */
  public TrustedProxyCustomizer(List<String> trustedProxies) {
    this.trusted =
        trustedProxies.stream().map(Cidr::parse).filter(c -> c != null).map(c -> (Cidr) c).toList();
  }

  @Override
  public Request customize(Request request, HttpFields.Mutable responseHeaders) {
    SocketAddress remote = request.getConnectionMetaData().getRemoteSocketAddress();
    if (remote instanceof InetSocketAddress inet
        && inet.getAddress() != null
        && isTrusted(inet.getAddress())) {
      return forwarded.customize(request, responseHeaders);
    }
    return request;
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
