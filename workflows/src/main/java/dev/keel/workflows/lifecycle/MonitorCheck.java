package dev.keel.workflows.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The outcome of one monitoring check of a deployed model, as stored in its drift report: the
 * version served, how many logged predictions were compared with the training profile, which
 * features drifted, and whether the policy tripped (and why). The full per-feature report stays in
 * the store.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MonitorCheck(
    Integer version,
    long reportId,
    int windowSize,
    List<String> driftedFeatures,
    Double liveAccuracy,
    boolean tripped,
    String reason) {

  public MonitorCheck {
    driftedFeatures = driftedFeatures == null ? List.of() : List.copyOf(driftedFeatures);
  }
}
