package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A run that starts to wait for a person's approval decision: its candidate {@code version} (the
 * version a release run releases) and its stages so far, the {@code approve} stage running. {@code
 * stage} is the stage that waits: null for {@code approve}, {@code dataCheck} for a run held by its
 * data check (no version yet).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApprovalWait(
    String runId, String model, Integer version, List<StageRecord> stages, String stage) {

  /** A wait at the {@code approve} stage. */
  public ApprovalWait(String runId, String model, Integer version, List<StageRecord> stages) {
    this(runId, model, version, stages, null);
  }
}
