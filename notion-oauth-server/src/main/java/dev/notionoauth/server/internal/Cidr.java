package dev.notionoauth.server.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/** An IP address or CIDR range, parsed and matched without DNS lookups. */
public final class Cidr {
  private final byte[] network;
  private final int prefix;

  private Cidr(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  /** Whether the text is an IPv4/IPv6 literal or CIDR range. */
  public static boolean isValid(String text) {
    return parse(text) != null;
  }

  /** Parses {@code 10.0.0.0/8}, {@code 127.0.0.1}, {@code ::1} or {@code fd00::/8}; null if not. */
  public static @Nullable Cidr parse(String text) {
    String t = text.strip();
    int slash = t.indexOf('/');
    String address = slash < 0 ? t : t.substring(0, slash);
    byte[] bytes = literal(address);
    if (bytes == null) {
      return null;
    }
    int prefix = bytes.length * 8;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        return null;
      }
      if (prefix < 0 || prefix > bytes.length * 8) {
        return null;
      }
    }
    return new Cidr(bytes, prefix);
  }

  /** Whether an address lies in this range. */
  public boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    if (!Arrays.equals(a, 0, full, network, 0, full)) {
      return false;
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (network[full] & mask);
  }

  private static byte @Nullable [] literal(String address) {
    return literalBytes(address);
  }

  /**
   * The bytes of an IP literal, parsed here and never looked up: a dotted quad of decimal octets
   * 0–255 without leading zeros ({@code 999.1.1.1} and the ambiguous {@code 010.0.0.1} are not
   * addresses), or an IPv6 literal (which the JDK parses without any lookup because it holds a
   * {@code :}). Null for anything else.
   */
  public static byte @Nullable [] literalBytes(String address) {
    if (IPV4.matcher(address).matches()) {
      String[] parts = address.split("\\.");
      byte[] out = new byte[4];
      for (int i = 0; i < 4; i++) {
        String part = parts[i];
        if (part.length() > 1 && part.charAt(0) == '0') {
          return null;
        }
        int v = Integer.parseInt(part);
        if (v > 255) {
          return null;
        }
        out[i] = (byte) v;
      }
      return out;
    }
    if (!IPV6.matcher(address).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(address).getAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static final java.util.regex.Pattern IPV4 =
      java.util.regex.Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final java.util.regex.Pattern IPV6 =
      java.util.regex.Pattern.compile("[0-9a-fA-F]*:[0-9a-fA-F:.]*");
}
