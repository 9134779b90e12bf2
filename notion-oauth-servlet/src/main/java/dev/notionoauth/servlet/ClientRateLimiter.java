package dev.notionoauth.servlet;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A token bucket per client address: for the install route (so one client cannot flood the state
 * store) and for the webhook route's refusals (so one client cannot keep it busy refusing): {@code
 * perMinute} per minute with a burst of the same size. An IPv6 client is counted by its /64 (one
 * host usually owns the whole /64, so counting /128s would let it pick a fresh address per
 * request). Memory is bounded (the least recently seen of 10,000 clients are forgotten).
 * Thread-safe.
 */
final class ClientRateLimiter {
  private static final int MAX_CLIENTS = 10_000;

  private final double perNano;
  private final double capacity;
  private final Map<String, double[]> buckets =
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, double[]> eldest) {
          return size() > MAX_CLIENTS;
        }
      };

  /**
   * Creates the limiter.
   *
   * @param perMinute requests allowed per client per minute (also the burst)
   */
  ClientRateLimiter(int perMinute) {
    if (perMinute < 1) {
      throw new IllegalArgumentException("perMinute must be at least 1");
    }
    this.capacity = perMinute;
    this.perNano = perMinute / 60e9;
  }

  /**
   * Takes one token from a client's bucket.
   *
   * @param client the client's address
   * @param nowNanos the {@link dev.notionoauth.Ticker}'s time
   * @return 0 if allowed, else the seconds until one is available
   */
  synchronized long tryAcquire(String client, long nowNanos) {
    double[] b = buckets.computeIfAbsent(key(client), k -> new double[] {capacity, nowNanos});
    b[0] = Math.min(capacity, b[0] + (nowNanos - (long) b[1]) * perNano);
    b[1] = nowNanos;
    if (b[0] >= 1) {
      b[0] -= 1;
      return 0;
    }
    return Math.max(1, (long) Math.ceil((1 - b[0]) / perNano / 1e9));
  }

  /**
   * How long a client must wait before its bucket holds a token again, without taking one.
   *
   * @return 0 if one is available, else the seconds until one is
   */
  synchronized long waitFor(String client, long nowNanos) {
    double[] b = buckets.get(key(client));
    if (b == null) {
      return 0;
    }
    double tokens = Math.min(capacity, b[0] + (nowNanos - (long) b[1]) * perNano);
    return tokens >= 1 ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1e9));
  }

  /** The bucket of an address: an IPv6 literal by its /64 prefix, anything else as it is. */
  static String key(String client) {
    if (client.indexOf(':') < 0) {
      return client;
    }
    try {
      byte[] a = java.net.InetAddress.getByName(client).getAddress(); // a literal: no lookup
      if (a.length != 16) {
        return client;
      }
      return java.util.HexFormat.of().formatHex(a, 0, 8) + "::/64";
    } catch (java.net.UnknownHostException e) {
      return client;
    }
  }
}
