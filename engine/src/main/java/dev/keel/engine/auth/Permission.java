package dev.keel.engine.auth;

/** What an endpoint needs. Each role carries a set of these; see {@link Role}. */
public enum Permission {
  /** Read anything (models, runs, datasets, tracking, lineage, drift, the codec). */
  READ,
  /** Register datasets. */
  DATASETS,
  /** Create models, start runs and retrains, reproduce versions. */
  TRAIN,
  /** Write experiment tracking and the MLflow registry. */
  TRACK,
  /** Decide approvals. */
  APPROVE,
  /** Deploy, release, roll back, change monitoring. */
  OPERATE,
  /** Users, roles, tokens, audit, erasure. */
  ADMIN,
  /** Predict and send feedback: serving tokens of the model only. */
  SERVE;

  /** The name used in messages, e.g. {@code operate}. */
  public String wire() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
