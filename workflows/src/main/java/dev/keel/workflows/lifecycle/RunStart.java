package dev.keel.workflows.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A run a person asks for through the API ({@code POST /v1/models/{name}/runs}, or a restart), sent
 * to the model's lifecycle so that it is started by the same path as every retrain. {@code
 * requestKey} (the request's {@code Idempotency-Key}, or null) is the run's key in Keel's run
 * index: a repeated request finds the run the first one started. {@code notAfter} (epoch
 * milliseconds, or null) is when the caller stops waiting for an answer: a lifecycle that sees the
 * request later refuses it, so that a caller told "not started" is never wrong.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunStart(Trigger trigger, String requestKey, Long notAfter) {}
