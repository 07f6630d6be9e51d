package dev.keel.engine.lifecycle;

/** Body of {@code POST /v1/models/{name}/retrain}: optionally the dataset to use, and why. */
public record RetrainBody(String dataset, String reason) {}
