package dev.notionoauth.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1} in a PKCS12 keystore, made
 * with the JDK's {@code keytool}, for tests of TLS: a server of yours that terminates TLS, or a
 * "Notion" your client must refuse. Alias {@value #ALIAS}, password {@value #PASSWORD}.
 */
public final class SelfSignedCertificate {
  /** The keystore's and the key's password. */
  public static final String PASSWORD = "changeit";

  /** The key's alias in the keystore. */
  public static final String ALIAS = "server";

  private final Path file;
  private final KeyStore keyStore;

  private SelfSignedCertificate(Path file, KeyStore keyStore) {
    this.file = file;
    this.keyStore = keyStore;
  }

  /** Makes a new key pair and certificate in {@code dir/self-signed.p12}. */
  public static SelfSignedCertificate create(Path dir) {
    Path file = dir.resolve("self-signed.p12");
    try {
      Process keytool =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                  "-genkeypair",
                  "-alias",
                  ALIAS,
                  "-keyalg",
                  "RSA",
                  "-keysize",
                  "2048",
                  "-dname",
                  "CN=localhost",
                  "-ext",
                  "SAN=dns:localhost,ip:127.0.0.1",
                  "-validity",
                  "2",
                  "-storetype",
                  "PKCS12",
                  "-keystore",
                  file.toString(),
                  "-storepass",
                  PASSWORD,
                  "-keypass",
                  PASSWORD)
              .redirectErrorStream(true)
              .start();
      String output = new String(keytool.getInputStream().readAllBytes());
      if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
        throw new IllegalStateException("keytool could not make a certificate: " + output);
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(file)) {
        ks.load(in, PASSWORD.toCharArray());
      }
      return new SelfSignedCertificate(file, ks);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("could not make a self-signed certificate", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while making a certificate", e);
    }
  }

  /** The PKCS12 keystore file. */
  public Path keystoreFile() {
    return file;
  }

  /** The keystore, loaded. */
  public KeyStore keyStore() {
    return keyStore;
  }

  /** A TLS context presenting this certificate (for a server). */
  public SSLContext serverContext() {
    try {
      KeyManagerFactory kmf =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keyStore, PASSWORD.toCharArray());
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(kmf.getKeyManagers(), null, null);
      return tls;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A TLS context trusting this certificate (for a client). */
  public SSLContext trustingContext() {
    try {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(keyStore);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, tmf.getTrustManagers(), null);
      return tls;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
