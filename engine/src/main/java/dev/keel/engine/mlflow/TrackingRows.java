package dev.keel.engine.mlflow;

/** Rows of the {@code tracking_*} tables, as the DAO reads them. */
public final class TrackingRows {

  private TrackingRows() {}

  public record ExperimentRow(
      long id,
      String name,
      String artifactLocation,
      String lifecycleStage,
      long creationTime,
      long lastUpdateTime) {}

  public record RunRow(
      String runUuid,
      long experimentId,
      String runName,
      String userId,
      String status,
      Long startTime,
      Long endTime,
      String artifactUri,
      String lifecycleStage) {}

  public record MetricRow(String runUuid, String key, double value, long timestamp, long step) {}

  /** A param or tag of a run (or of an experiment, then {@code owner} is its id). */
  public record KeyValueRow(String owner, String key, String value) {}
}
