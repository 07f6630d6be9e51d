package dev.keel.engine.runs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.engine.mlflow.PipelineTracking;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A run's status knows whether the run has ended, whether its outcome is recorded, and what MLflow
 * calls it.
 */
class RunStatusTest {

  @ParameterizedTest(name = "{0}: terminal {1}, finished {2}, MLflow {3}")
  @CsvSource({
    "RUNNING,           false, false, RUNNING",
    "AWAITING_APPROVAL, false, false, RUNNING",
    "SUCCEEDED,         true,  true,  FINISHED",
    "REJECTED,          true,  true,  FINISHED",
    "ROLLED_BACK,       true,  true,  FINISHED",
    "FAILED,            true,  true,  FAILED",
    "INTERRUPTED,       true,  false, KILLED",
  })
  void eachStatusKnowsItself(String name, boolean terminal, boolean finished, String mlflow) {
    RunStatus status = RunStatus.of(name).orElseThrow();
    assertThat(status.isTerminal()).isEqualTo(terminal);
    assertThat(RunStatus.inFlight(name)).isEqualTo(!terminal);
    RunRow row =
        new RunRow(
            "r", "m", null, null, null, null, name, null, null, null, null, null, null, null, null,
            null, null);
    assertThat(row.inFlight()).isEqualTo(!terminal);
    assertThat(row.finished()).isEqualTo(finished);
    assertThat(PipelineTracking.status(name)).isEqualTo(mlflow);
  }
}
