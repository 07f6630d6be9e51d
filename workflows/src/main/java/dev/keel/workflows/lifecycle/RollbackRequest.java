package dev.keel.workflows.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A manual rollback: to {@code version}, or to the previously served version when null; who and
 * why.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RollbackRequest(Integer version, String actor, String reason) {}
