package dev.keel.workflows.training;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A model version to register at the end of a run, with everything its lineage needs.
 *
 * @param passed whether every gate passed; a version that failed its gates is kept (status {@code REJECTED}) so
 *     that it can be inspected, but never becomes champion
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Registration(String artifactHash, List<ColumnSpec> signature, DatasetRef dataset, TrainerSpec trainer,
    long seed, boolean passed, String keelVersion, String gitCommit, Boolean promote) {

  public boolean promotes() {
    return passed && (promote == null || promote);
  }
}
