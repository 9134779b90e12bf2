package dev.notionoauth.store.jdbc;

import dev.notionoauth.NotionOAuthException;

/**
 * A stored token cannot be opened: its key is not configured, or its ciphertext was altered or
 * moved from another row or column (the GCM tag does not verify). Never returns garbage.
 */
public final class TokenDecryptionException extends NotionOAuthException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed, naming the row and column, never a value
   */
  public TokenDecryptionException(String message) {
    super(message);
  }
}
