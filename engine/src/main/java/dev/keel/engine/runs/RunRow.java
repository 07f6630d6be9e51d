package dev.keel.engine.runs;

import dev.keel.workflows.contract.GateResult;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.StageRecord;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.json.Json;

/** A row of {@code runs} with its model's name. {@code status} is a {@link RunStatus} name. */
public record RunRow(
    String id,
    String model,
    String pipeline,
    String datasetName,
    String datasetVersion,
    @Json ModelSpec spec,
    String status,
    String stage,
    @Json List<StageRecord> stages,
    @Json Map<String, Double> metrics,
    @Json Map<String, Double> championMetrics,
    @Json List<GateResult> gates,
    Integer modelVersion,
    String error,
    OffsetDateTime createdAt,
    OffsetDateTime endedAt,
    String trackingRunId) {

  /** Whether the run has not ended: {@code RUNNING} or {@code AWAITING_APPROVAL}. */
  public boolean inFlight() {
    return RunStatus.inFlight(status);
  }

  /**
   * Whether the run's outcome is recorded (an interrupted run may still record the outcome its
   * workflow reached).
   */
  public boolean finished() {
    return !inFlight() && RunStatus.of(status).orElse(null) != RunStatus.INTERRUPTED;
  }
}
