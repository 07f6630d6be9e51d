package dev.keel.workflows.erasure;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What an erasure did.
 *
 * @param datasets every dataset that held the subject's rows: the versions that contained them, and
 *     the new version without them
 * @param predictionsDeleted logged predictions (with their feedback) whose inputs named the subject
 * @param affectedVersions model versions trained on a dataset version that contained the subject
 * @param retrains the models asked to retrain on the cleaned data, and what their lifecycles
 *     answered
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ErasureReport(
    String id,
    List<CleanedDataset> datasets,
    long predictionsDeleted,
    List<AffectedVersion> affectedVersions,
    List<Retrain> retrains) {

  /** A dataset the subject was removed from. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CleanedDataset(
      String dataset,
      String column,
      List<String> versionsWithSubject,
      int rowsRemoved,
      String cleanVersion) {}

  /** A model version trained on data that contained the subject. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record AffectedVersion(String model, int version, String datasetVersion, boolean served) {}

  /** A retrain asked of a model's lifecycle. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Retrain(String model, String dataset, String outcome) {}
}
