package dev.keel.engine.runs;

/**
 * Body of {@code POST /v1/models/{name}/runs}: the dataset to train on, {@code NAME} or {@code
 * NAME@sha256:…}.
 */
public record RunRequest(String dataset) {}
