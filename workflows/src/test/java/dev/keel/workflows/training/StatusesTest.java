package dev.keel.workflows.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.workflows.contract.StageRecord;
import dev.keel.workflows.contract.StageStatus;
import dev.keel.workflows.contract.VersionStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Stage and version statuses: their spelling on the wire, which of them have ended, and names that
 * are none.
 */
class StatusesTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @CsvSource({
    "PENDING, false",
    "RUNNING, false",
    "SUCCEEDED, true",
    "FAILED, true",
    "SKIPPED, true"
  })
  void aStageStatusKnowsWhetherTheStageHasEnded(String name, boolean terminal) {
    assertThat(StageStatus.of(name))
        .hasValueSatisfying(s -> assertThat(s.isTerminal()).isEqualTo(terminal));
  }

  @ParameterizedTest
  @CsvSource({
    "PASSED, false, true",
    "APPROVED, true, false",
    "REJECTED, true, false",
    "REGISTERED, false, false"
  })
  void aVersionStatusKnowsWhetherTheVersionWasDecided(
      String name, boolean terminal, boolean awaitsDecision) {
    assertThat(VersionStatus.of(name))
        .hasValueSatisfying(s -> assertThat(s.isTerminal()).isEqualTo(terminal));
    assertThat(VersionStatus.awaitsDecision(name)).isEqualTo(awaitsDecision);
  }

  @ParameterizedTest
  @CsvSource({"succeeded", "DONE", "''"})
  void aNameThatIsNoStatusIsNone(String name) {
    assertThat(StageStatus.of(name)).isEmpty();
    assertThat(VersionStatus.of(name)).isEmpty();
    assertThat(VersionStatus.awaitsDecision(name)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({"PENDING", "RUNNING", "SUCCEEDED", "FAILED", "SKIPPED"})
  void aStageRecordCarriesItsStatusAsItsName(String name) throws Exception {
    String json =
        JSON.writeValueAsString(
            new StageRecord("train", StageStatus.valueOf(name).name(), 1L, 2L, 1, 1L));
    assertThat(JSON.readTree(json).path("status").asText()).isEqualTo(name);
    assertThat(JSON.readValue(json, StageRecord.class).status()).isEqualTo(name);
  }

  @Test
  void aStageStatusAddedLaterStillDeserialises() throws Exception {
    StageRecord stage =
        JSON.readValue(
            "{\"name\":\"deploy\",\"status\":\"PAUSED\",\"attempts\":1}", StageRecord.class);
    assertThat(stage.status()).isEqualTo("PAUSED");
    assertThat(StageStatus.of(stage.status())).isEmpty();
  }
}
