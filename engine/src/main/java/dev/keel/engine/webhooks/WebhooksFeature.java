package dev.keel.engine.webhooks;

import dev.keel.engine.api.OutboundUrls;
import dev.keel.engine.codec.ArtifactEncryption;
import dev.keel.engine.config.WebhookSettings;
import dev.keel.engine.wiring.Core;
import dev.keel.ml.crypto.ArtifactCipher;
import dev.keel.ml.crypto.KeyRing;
import io.dropwizard.core.setup.Environment;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhooks: their API, the publisher the control activities announce events through, and the
 * delivery activity.
 */
public final class WebhooksFeature {

  private static final Logger LOG = LoggerFactory.getLogger(WebhooksFeature.class);

  private final Core core;
  private final Webhooks webhooks;
  private final WebhookSecrets secrets;
  private final OutboundUrls urls;

  public WebhooksFeature(Core core) {
    this.core = core;
    WebhookSettings settings = core.config().getWebhooks();
    KeyRing keys = ArtifactEncryption.keys(core.config());
    secrets = new WebhookSecrets(keys == null ? null : new ArtifactCipher(keys));
    if (!secrets.encrypted()) {
      LOG.warn("webhook secrets are NOT encrypted at rest (no artifactEncryption keys configured)");
    }
    urls =
        new OutboundUrls(
            settings.getUrlAllowList(),
            settings.isAllowPrivateAddresses(),
            "url",
            "webhooks",
            "webhook URLs");
    webhooks =
        new Webhooks(
            core.jdbi(), core.client(), core.pipelineQueue(), core.json(), secrets, urls, settings);
  }

  /** Where the control activities publish events. */
  public WebhookPublisher publisher() {
    return webhooks;
  }

  /** The delivery activity, for the control worker. */
  public List<Object> activities() {
    return List.of(
        new WebhookActivitiesImpl(
            core.jdbi(),
            secrets,
            urls,
            core.metrics(),
            Duration.ofSeconds(core.config().getWebhooks().getTimeoutSeconds())));
  }

  public void register(Environment env) {
    env.jersey().register(new WebhookResource(webhooks));
  }
}
