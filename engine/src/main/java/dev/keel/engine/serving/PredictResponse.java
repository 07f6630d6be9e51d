package dev.keel.engine.serving;

import java.util.List;
import java.util.UUID;

/**
 * Answer of a predict request: one prediction and one id per instance, all from one model version.
 */
public record PredictResponse(
    List<Prediction> predictions, int modelVersion, List<UUID> predictionIds) {}
