package dev.keel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.audit.AuditWriter;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.lifecycle.LifecycleService;
import dev.keel.engine.retention.RetentionService;
import dev.keel.engine.runs.RunReconciler;
import dev.keel.engine.serving.PredictionLog;
import dev.keel.engine.serving.ServingHealth;
import dev.keel.engine.serving.ServingRegistry;
import dev.keel.engine.temporal.KeelWorkers;
import dev.keel.engine.temporal.TemporalConnection;
import io.dropwizard.lifecycle.JettyManaged;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the order of the features' wiring in {@link KeelApplication#run} guarantees: a body refused for its size
 * still has a request id and an audit row, and the engine's parts start after what they use and stop before it.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class WiringOrderTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();

  @Test
  void aBodyRefusedForItsSizeHasARequestIdAndIsAudited() {
    Http http = Http.api(APP);
    Http.Response refused = http.request("POST", "/v1/models", "{\"name\": \"" + "x".repeat(1100 * 1024) + "\"}",
        "Content-Type", "application/json", "X-Request-Id", "too-big-1");

    assertThat(refused.status()).isEqualTo(413);
    assertThat(refused.header("X-Request-Id")).isEqualTo("too-big-1");
    JsonNode entries = http.get("/v1/audit?limit=500").json().path("entries");
    assertThat(StreamSupport.stream(entries.spliterator(), false))
        .anySatisfy(e -> {
          assertThat(e.path("requestId").asText()).isEqualTo("too-big-1");
          assertThat(e.path("outcome").asText()).isEqualTo("rejected");
        });
  }

  @Test
  void partsStartAfterWhatTheyUseAndStopBeforeIt() {
    List<Class<?>> parts = List.of(TemporalConnection.class, ServingHealth.class, PredictionLog.class,
        ServingRegistry.class, KeelWorkers.class, RetentionService.class, RunReconciler.class,
        LifecycleService.class, AuditWriter.class);
    List<Class<?>> started = APP.getEnvironment().lifecycle().getManagedObjects().stream()
        .filter(JettyManaged.class::isInstance).<Class<?>>map(m -> ((JettyManaged) m).getManaged().getClass())
        .filter(parts::contains).toList();

    assertThat(started).containsExactlyElementsOf(parts);
  }
}
