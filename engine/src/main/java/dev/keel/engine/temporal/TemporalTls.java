package dev.keel.engine.temporal;

import dev.keel.engine.config.TemporalTlsSettings;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the TLS context of the connection to the Temporal frontend from {@link
 * TemporalTlsSettings}.
 */
public final class TemporalTls {

  private TemporalTls() {}

  /**
   * The TLS context, or null when TLS is off; a missing or unreadable file is an error naming it.
   */
  public static SslContext context(TemporalTlsSettings tls) {
    if (tls == null || !tls.isEnabled()) {
      return null;
    }
    boolean cert = tls.getClientCertFile() != null;
    boolean key = tls.getClientKeyFile() != null;
    if (cert != key) {
      throw new IllegalArgumentException(
          "temporal.tls: mutual TLS needs both clientCertFile and clientKeyFile");
    }
    try {
      SimpleSslContextBuilder builder;
      if (cert) {
        try (InputStream chain = open(tls.getClientCertFile(), "clientCertFile");
            InputStream pkcs8 = open(tls.getClientKeyFile(), "clientKeyFile")) {
          builder = SimpleSslContextBuilder.forPKCS8(chain, pkcs8);
          if (tls.getCaFile() != null) {
            builder.setTrustManager(trust(tls.getCaFile()).getTrustManagers()[0]);
          }
          return builder.build();
        }
      }
      builder = SimpleSslContextBuilder.noKeyOrCertChain();
      if (tls.getCaFile() != null) {
        builder.setTrustManager(trust(tls.getCaFile()).getTrustManagers()[0]);
      }
      return builder.build();
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("temporal.tls: " + e.getMessage(), e);
    }
  }

  private static InputStream open(String file, String field) throws IOException {
    Path path = Path.of(file);
    if (!Files.isReadable(path)) {
      throw new IOException(field + " " + file + " is not a readable file");
    }
    return Files.newInputStream(path);
  }

  private static TrustManagerFactory trust(String caFile)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = open(caFile, "caFile")) {
      int i = 0;
      for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, ca);
      }
      if (i == 0) {
        throw new IOException("caFile " + caFile + " holds no PEM certificate");
      }
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory;
  }
}
