package dev.keel.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API over HTTPS with a self-signed certificate made by the test, as the README configures it.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class HttpsApiTest {

  static final String PASSWORD = "changeit-keel";
  static final Path KEYSTORE = selfSigned();
  static final DropwizardAppExtension<KeelConfiguration> APP =
      TestStack.serverOnly(
          ConfigOverride.config("server.applicationConnectors[0].type", "https"),
          ConfigOverride.config(
              "server.applicationConnectors[0].keyStorePath", KEYSTORE.toString()),
          ConfigOverride.config("server.applicationConnectors[0].keyStorePassword", PASSWORD),
          ConfigOverride.config("server.applicationConnectors[0].keyStoreType", "PKCS12"));

  /**
   * A PKCS12 key store with a new self-signed certificate for 127.0.0.1, made with the JDK's
   * keytool.
   */
  static Path selfSigned() {
    try {
      Path dir = Files.createTempDirectory("keel-tls");
      Path store = dir.resolve("keel.p12");
      Process keytool =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                  "-genkeypair",
                  "-alias",
                  "keel",
                  "-keyalg",
                  "RSA",
                  "-keysize",
                  "2048",
                  "-validity",
                  "2",
                  "-dname",
                  "CN=127.0.0.1",
                  "-ext",
                  "san=ip:127.0.0.1",
                  "-storetype",
                  "PKCS12",
                  "-keystore",
                  store.toString(),
                  "-storepass",
                  PASSWORD,
                  "-keypass",
                  PASSWORD)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("keytool.log").toFile())
              .start();
      if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
        throw new IllegalStateException(
            "keytool failed: " + Files.readString(dir.resolve("keytool.log")));
      }
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static HttpClient trusting() throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(KEYSTORE)) {
      trust.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, factory.getTrustManagers(), null);
    return HttpClient.newBuilder().sslContext(tls).build();
  }

  @Test
  void theApiAnswersOverTlsToAClientThatTrustsItsCertificate() throws Exception {
    HttpResponse<String> me =
        trusting()
            .send(
                HttpRequest.newBuilder(
                        URI.create("https://127.0.0.1:" + APP.getLocalPort() + "/v1/me"))
                    .header("Authorization", "Bearer " + TestStack.ADMIN_TOKEN)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.body()).contains("\"name\":\"admin\"");
    assertThat(me.sslSession()).isPresent();
    assertThat(List.of("TLSv1.2", "TLSv1.3")).contains(me.sslSession().get().getProtocol());
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateIsRefusedAndPlainHttpGetsNoAnswer() {
    HttpClient plain = HttpClient.newHttpClient();
    assertThatThrownBy(
            () ->
                plain.send(
                    HttpRequest.newBuilder(
                            URI.create("https://127.0.0.1:" + APP.getLocalPort() + "/v1/me"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(SSLHandshakeException.class);
    assertThatThrownBy(
            () -> {
              HttpResponse<String> r =
                  plain.send(
                      HttpRequest.newBuilder(
                              URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/v1/me"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              assertThat(r.statusCode()).isNotEqualTo(200);
              throw new IOException("answered over plain HTTP with " + r.statusCode());
            })
        .isInstanceOf(IOException.class);
  }
}
