package dev.keel.engine.webhooks;

import dev.keel.ml.crypto.ArtifactCipher;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * How a webhook's signing secret is stored: sealed (AES-GCM, bound to the webhook's id) with the
 * engine's artifact keys when they are configured, else as given. It has to be recoverable, to sign
 * deliveries, so it cannot be hashed like an API token.
 */
final class WebhookSecrets {

  private static final String SEALED = "sealed:";
  private static final String PLAIN = "plain:";

  private final ArtifactCipher cipher;

  /**
   * @param cipher the artifact keys' cipher, or null when none are configured
   */
  WebhookSecrets(ArtifactCipher cipher) {
    this.cipher = cipher;
  }

  boolean encrypted() {
    return cipher != null;
  }

  String seal(String webhookId, String secret) {
    byte[] plain = secret.getBytes(StandardCharsets.UTF_8);
    return cipher == null
        ? PLAIN + secret
        : SEALED + Base64.getEncoder().encodeToString(cipher.seal(address(webhookId), plain));
  }

  String open(String webhookId, String stored) {
    if (stored.startsWith(PLAIN)) {
      return stored.substring(PLAIN.length());
    }
    if (cipher == null) {
      throw new IllegalStateException(
          "the secret of webhook "
              + webhookId
              + " is sealed with the artifact keys, and none are configured");
    }
    byte[] sealed = Base64.getDecoder().decode(stored.substring(SEALED.length()));
    return new String(cipher.open(address(webhookId), sealed), StandardCharsets.UTF_8);
  }

  private static String address(String webhookId) {
    return "webhook-secret:" + webhookId;
  }
}
