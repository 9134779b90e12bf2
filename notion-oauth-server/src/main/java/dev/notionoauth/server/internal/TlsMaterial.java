package dev.notionoauth.server.internal;

import dev.notionoauth.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import java.util.Enumeration;

/**
 * Loads the server's TLS key and certificate chain: a PKCS12 keystore, or a PEM certificate chain
 * with a PEM PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}; RSA, EC or Ed25519).
 */
public final class TlsMaterial {
  /**
   * A loaded keystore and its password.
   *
   * @param keyStore the keystore holding one key entry
   * @param password its password
   */
  public record Loaded(KeyStore keyStore, String password) {
    @Override
    public String toString() {
      return "TlsMaterial.Loaded[***]";
    }
  }

  private TlsMaterial() {}

  /**
   * Loads the material.
   *
   * @throws IllegalArgumentException with a message fit for {@code check} when it cannot
   */
  public static Loaded load(ServerConfig.Tls tls) {
    if (tls.keystore() != null) {
      return keystore(
          tls.keystore(), tls.keystorePassword() == null ? "" : tls.keystorePassword().value());
    }
    if (tls.certificate() == null || tls.privateKey() == null) {
      throw new IllegalArgumentException("needs keystore, or certificate and private-key");
    }
    return pem(tls.certificate(), tls.privateKey());
  }

  private static Loaded keystore(Path file, String password) {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, password.toCharArray());
      boolean hasKey = false;
      for (Enumeration<String> aliases = ks.aliases(); aliases.hasMoreElements(); ) {
        if (ks.isKeyEntry(aliases.nextElement())) {
          hasKey = true;
        }
      }
      if (!hasKey) {
        throw new IllegalArgumentException("keystore " + file + " holds no private key");
      }
      return new Loaded(ks, password);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          Files.exists(file)
              ? "cannot open keystore " + file + " (wrong password or not PKCS12)"
              : "keystore " + file + " does not exist");
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "cannot load keystore " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static Loaded pem(Path certificate, Path privateKey) {
    Collection<? extends Certificate> chain;
    try (InputStream in = Files.newInputStream(certificate)) {
      chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException("cannot read certificate " + certificate + " as PEM");
    }
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("certificate " + certificate + " holds no certificate");
    }
    PrivateKey key;
    try {
      String text = Files.readString(privateKey, StandardCharsets.US_ASCII);
      int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
      int end = text.indexOf("-----END PRIVATE KEY-----");
      if (begin < 0 || end < begin) {
        throw new IllegalArgumentException(
            "private key "
                + privateKey
                + " must be PEM PKCS#8 (BEGIN PRIVATE KEY); convert with"
                + " openssl pkcs8 -topk8 -nocrypt");
      }
      byte[] der =
          Base64.getMimeDecoder().decode(text.substring(begin + 27, end).replaceAll("\\s", ""));
      key = parseKey(der, privateKey);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read private key " + privateKey);
    }
    try {
      String password = Base64.getEncoder().encodeToString(SecureRandom.getSeed(18));
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("server", key, password.toCharArray(), chain.toArray(new Certificate[0]));
      return new Loaded(ks, password);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "the private key does not match the certificate (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static PrivateKey parseKey(byte[] der, Path file) {
    for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException("private key " + file + " is not an RSA, EC or Ed25519 key");
  }
}
