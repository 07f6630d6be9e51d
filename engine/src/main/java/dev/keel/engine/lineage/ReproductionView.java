package dev.keel.engine.lineage;

import java.time.OffsetDateTime;

/**
 * A reproduction of a model version, as {@code /v1/reproductions/{id}} shows it.
 *
 * @param status {@code RUNNING}, {@code SUCCEEDED} (retrained; see {@code identical}) or {@code
 *     FAILED}
 * @param identical whether the retrained artifact's hash equals the recorded one; null until it has
 *     run
 * @param keelVersion the Keel version that ran the reproduction (the recorded one is in the
 *     lineage)
 */
public record ReproductionView(
    String id,
    String model,
    int version,
    String status,
    String recordedHash,
    String reproducedHash,
    Boolean identical,
    String error,
    String keelVersion,
    OffsetDateTime createdAt,
    OffsetDateTime endedAt) {}
