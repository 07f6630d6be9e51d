package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A model version to register at the end of a run, with everything its lineage needs.
 *
 * @param passed whether every gate passed; a version that failed its gates is kept (status {@code
 *     REJECTED}) so that it can be inspected, but never becomes champion
 * @param sweep the sweep that chose the trainer's parameters, or null when there was none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Registration(
    String artifactHash,
    List<ColumnSpec> signature,
    DatasetRef dataset,
    TrainerSpec trainer,
    long seed,
    boolean passed,
    String keelVersion,
    String gitCommit,
    Boolean promote,
    SweepSummary sweep) {

  /** A registration of a run without a sweep. */
  public Registration(
      String artifactHash,
      List<ColumnSpec> signature,
      DatasetRef dataset,
      TrainerSpec trainer,
      long seed,
      boolean passed,
      String keelVersion,
      String gitCommit,
      Boolean promote) {
    this(
        artifactHash,
        signature,
        dataset,
        trainer,
        seed,
        passed,
        keelVersion,
        gitCommit,
        promote,
        null);
  }

  public boolean promotes() {
    return passed && (promote == null || promote);
  }
}
