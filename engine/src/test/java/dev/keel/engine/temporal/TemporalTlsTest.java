package dev.keel.engine.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.engine.config.TemporalTlsSettings;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TLS context of the Temporal connection from PEM files made by the test (a self-signed
 * certificate from the JDK's keytool). The test server has no TLS, so the handshake itself is not
 * exercised here.
 */
class TemporalTlsTest {

  @TempDir Path dir;

  Path[] pem() throws Exception {
    Path p12 = dir.resolve("client.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "client",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=keel-worker",
                "-storetype",
                "PKCS12",
                "-keystore",
                p12.toString(),
                "-storepass",
                "secret-pass",
                "-keypass",
                "secret-pass")
            .redirectErrorStream(true)
            .start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).isZero();
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      store.load(in, "secret-pass".toCharArray());
    }
    PrivateKey key = (PrivateKey) store.getKey("client", "secret-pass".toCharArray());
    Base64.Encoder mime = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
    Path cert = dir.resolve("client.pem");
    Files.writeString(
        cert,
        "-----BEGIN CERTIFICATE-----\n"
            + mime.encodeToString(store.getCertificate("client").getEncoded())
            + "\n-----END CERTIFICATE-----\n");
    Path keyFile = dir.resolve("client.key");
    Files.writeString(
        keyFile,
        "-----BEGIN PRIVATE KEY-----\n"
            + mime.encodeToString(key.getEncoded())
            + "\n-----END PRIVATE KEY-----\n");
    return new Path[] {cert, keyFile};
  }

  @Test
  void offByDefault() {
    assertThat(TemporalTls.context(new TemporalTlsSettings())).isNull();
  }

  @Test
  void mutualTlsWithAClientCertificateAndAPrivateCa() throws Exception {
    Path[] files = pem();
    TemporalTlsSettings tls = new TemporalTlsSettings();
    tls.setEnabled(true);
    tls.setClientCertFile(files[0].toString());
    tls.setClientKeyFile(files[1].toString());
    tls.setCaFile(files[0].toString());

    var context = TemporalTls.context(tls);

    assertThat(context).isNotNull();
    assertThat(context.isClient()).isTrue();
  }

  @Test
  void missingOrHalfConfiguredFilesAreNamed() throws Exception {
    TemporalTlsSettings half = new TemporalTlsSettings();
    half.setEnabled(true);
    half.setClientCertFile(pem()[0].toString());
    assertThatThrownBy(() -> TemporalTls.context(half))
        .hasMessageContaining("needs both clientCertFile and " + "clientKeyFile");

    TemporalTlsSettings missing = new TemporalTlsSettings();
    missing.setEnabled(true);
    missing.setCaFile(dir.resolve("nope.pem").toString());
    assertThatThrownBy(() -> TemporalTls.context(missing))
        .hasMessageContaining("caFile")
        .hasMessageContaining("nope.pem");
  }
}
