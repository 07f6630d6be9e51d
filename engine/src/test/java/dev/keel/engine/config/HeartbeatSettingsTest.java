package dev.keel.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.jackson.Jackson;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HeartbeatSettingsTest {

  private static final ObjectMapper YAML = Jackson.newObjectMapper(new YAMLFactory());

  private static WorkerSettings worker(String yaml) throws Exception {
    return YAML.readValue(yaml, WorkerSettings.class);
  }

  @Test
  void aMinuteForEveryTrainingActivityUnlessConfigured() throws Exception {
    assertThat(worker("{}").getHeartbeatTimeout().byActivityType())
        .containsEntry("TrainingTrain", Duration.ofMinutes(1))
        .containsEntry("TrainingTrial", Duration.ofMinutes(1))
        .containsEntry("TrainingEvaluate", Duration.ofMinutes(1));
  }

  @Test
  void aDefaultAndOverridesByActivityType() throws Exception {
    WorkerSettings settings = worker("heartbeatTimeout:\n  default: 20s\n  activities:\n    TrainingTrain: 5s\n");
    assertThat(settings.getHeartbeatTimeout().byActivityType())
        .containsEntry("TrainingTrain", Duration.ofSeconds(5))
        .containsEntry("TrainingTrial", Duration.ofSeconds(20))
        .containsEntry("TrainingEvaluate", Duration.ofSeconds(20));
  }

  @Test
  void anActivityTypeThatDoesNotHeartbeatOrATimeoutBelowASecondIsRefusedByName() throws Exception {
    assertThatThrownBy(() -> worker("heartbeatTimeout:\n  activities: {DatasetsIngest: 5s}\n")
        .getHeartbeatTimeout().byActivityType())
        .hasMessageContaining("'DatasetsIngest'").hasMessageContaining("TrainingTrain");
    assertThatThrownBy(() -> worker("heartbeatTimeout:\n  default: 10ms\n").getHeartbeatTimeout().byActivityType())
        .hasMessageContaining("worker.heartbeatTimeout.default");
  }
}
