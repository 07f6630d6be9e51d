package dev.keel.workflows.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.keel.workflows.contract.DatasetRef;

/**
 * Why a model should retrain: {@code new-data} (a new dataset version), {@code drift} (its monitor
 * tripped), {@code scheduled} (its cron schedule fired) or {@code manual}. {@code dataset} is the
 * version to train on, or null for the newest version of the dataset the champion was trained on.
 * {@code replacesChampion} (an erasure's retrain: the champion was trained on erased data) lets the
 * candidate replace the champion without beating it; its gates and approval still apply. {@code
 * restartOf} (a person's restart of an ended run) trains with that run's dataset version and spec.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Trigger(
    String kind,
    DatasetRef dataset,
    String reason,
    String actor,
    Boolean replacesChampion,
    String restartOf) {
  public static final String NEW_DATA = "new-data";
  public static final String DRIFT = "drift";
  public static final String MANUAL = "manual";
  public static final String SCHEDULED = "scheduled";

  /**
   * A trigger whose candidate must match the champion, as every trigger was before erasures
   * existed.
   */
  public Trigger(String kind, DatasetRef dataset, String reason, String actor) {
    this(kind, dataset, reason, actor, null);
  }

  /** A trigger that is not a restart. */
  public Trigger(
      String kind, DatasetRef dataset, String reason, String actor, Boolean replacesChampion) {
    this(kind, dataset, reason, actor, replacesChampion, null);
  }

  /** Whether the candidate may replace the champion without beating it. */
  public boolean replacing() {
    return Boolean.TRUE.equals(replacesChampion);
  }

  /** Automatic triggers respect the retraining cooldown; a person's request does not. */
  public boolean automatic() {
    return !MANUAL.equals(kind);
  }
}
