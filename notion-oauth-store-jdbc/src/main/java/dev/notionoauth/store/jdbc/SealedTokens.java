package dev.notionoauth.store.jdbc;

import dev.notionoauth.Installation;
import dev.notionoauth.store.jdbc.internal.TokenCipher;
import org.jspecify.annotations.Nullable;

/**
 * The sealed tokens of one installation, under the cipher's current key, as their columns hold
 * them.
 */
record SealedTokens(String access, @Nullable String refresh, String keyId) {
  static SealedTokens of(Installation i, TokenCipher c) {
    Installation.TokenPair t = i.tokens();
    return new SealedTokens(
        c.seal(t.access().value(), i.botId(), "access_token"),
        t.refresh() == null ? null : c.seal(t.refresh().value(), i.botId(), "refresh_token"),
        c.currentId());
  }
}
