package dev.keel.workflows.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** What a rollback did: the version served before and the one served now. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RollbackResult(String model, Integer from, int to) {}
