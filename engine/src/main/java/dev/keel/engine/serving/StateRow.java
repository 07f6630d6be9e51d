package dev.keel.engine.serving;

import java.time.OffsetDateTime;

/** A row of {@code serving_state}: what a model serves now. */
public record StateRow(
    long modelId,
    String model,
    int version,
    Integer canaryVersion,
    double canaryShare,
    long generation,
    OffsetDateTime updatedAt,
    Integer shadowVersion,
    double shadowShare) {}
