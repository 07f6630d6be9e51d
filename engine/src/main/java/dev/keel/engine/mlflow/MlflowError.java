package dev.keel.engine.mlflow;

import com.fasterxml.jackson.annotation.JsonProperty;

/** MLflow's error body. */
public record MlflowError(@JsonProperty("error_code") String errorCode, String message) {}
