package dev.keel.engine;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the order of the features' wiring in {@link KeelApplication#run} keeps: the engine's parts
 * start after what they use and stop before it.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class WiringOrderTest {

  static final DropwizardAppExtension<KeelConfiguration> APP = TestStack.app();

  @Test
  void partsStartAfterWhatTheyUseAndStopBeforeIt() {
    List<Class<?>> parts =
        List.of(
            TemporalConnection.class,
            ServingHealth.class,
            PredictionLog.class,
            ServingRegistry.class,
            KeelWorkers.class,
            RetentionService.class,
            RunReconciler.class,
            LifecycleService.class,
            AuditWriter.class);
    List<Class<?>> started =
        APP.getEnvironment().lifecycle().getManagedObjects().stream()
            .filter(JettyManaged.class::isInstance)
            .<Class<?>>map(m -> ((JettyManaged) m).getManaged().getClass())
            .filter(parts::contains)
            .toList();

    assertThat(started).containsExactlyElementsOf(parts);
  }
}
