package dev.keel.workflows.reproduce;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What retraining from a version's lineage produced.
 *
 * @param id the reproduction's id
 * @param reproducedHash the new artifact's hash, or null when retraining failed
 * @param identical whether the new artifact's hash equals the recorded one
 * @param error why retraining failed, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReproduceResult(String id, String reproducedHash, boolean identical, String error) {}
