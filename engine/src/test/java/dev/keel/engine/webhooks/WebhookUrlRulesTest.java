package dev.keel.engine.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.engine.Http;
import dev.keel.engine.TestStack;
import dev.keel.engine.config.KeelConfiguration;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An engine with the default rules for webhook URLs (those of dataset URLs): internal addresses are
 * refused, whatever the URL looks like.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class WebhookUrlRulesTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.serverOnly();

  @Test
  void internalAddressesAreRefusedNamingTheSettingThatAllowsThem() {
    for (String url :
        List.of(
            "http://127.0.0.1:8080/hook",
            "http://localhost/hook",
            "http://169.254.169.254/latest/meta-data",
            "http://10.0.0.7/hook",
            "http://[::1]/hook")) {
      Http.Response r =
          Http.api(APP)
              .postJson(
                  "/v1/webhooks",
                  Map.of("url", url, "events", List.of("run.failed"), "secret", "s"));
      assertThat(r.status()).as(url).isEqualTo(400);
      assertThat(r.message())
          .as(url)
          .contains("'url'")
          .contains("internal address")
          .contains("webhooks.allowPrivateAddresses");
    }
    assertThat(Http.api(APP).get("/v1/webhooks").json().path("webhooks")).isEmpty();
  }
}
