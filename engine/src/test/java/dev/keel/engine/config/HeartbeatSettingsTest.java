package dev.keel.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code worker.heartbeatTimeout} as {@code keel check} reads it: a typo is refused before any
 * worker starts.
 */
class HeartbeatSettingsTest {

  static KeelConfiguration parse(String yaml) throws Exception {
    return new YamlConfigurationFactory<>(
            KeelConfiguration.class,
            Validators.newValidator(),
            Jackson.newObjectMapper(),
            "keel-heartbeat-test")
        .build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "keel.yml");
  }

  @Test
  void aValidSettingGivesEveryHeartbeatingTypeItsTimeout() throws Exception {
    KeelConfiguration config =
        parse(
            "worker:\n  heartbeatTimeout:\n    default: 30s\n"
                + "    activities: {TrainingTrain: 5s}\n");
    assertThat(config.getWorker().getHeartbeatTimeout().byActivityType())
        .containsEntry("TrainingTrain", Duration.ofSeconds(5))
        .containsEntry("TrainingTrial", Duration.ofSeconds(30))
        .containsEntry("TrainingEvaluate", Duration.ofSeconds(30));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "    activities: {TrainingTrian: 5s}\n", // a typo of TrainingTrain
        "    activities: {DatasetsIngest: 5s}\n", // does not heartbeat
        "    default: 500ms\n", // below a second
      })
  void aSettingAWorkerWouldRefuseIsAConfigurationError(String line) {
    assertThatThrownBy(() -> parse("worker:\n  heartbeatTimeout:\n" + line))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("worker.heartbeatTimeout")
        .hasMessageContaining("may name only activity types that heartbeat");
  }
}
