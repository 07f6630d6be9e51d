package dev.keel.engine.models;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.keel.workflows.training.DatasetRef;
import java.util.Map;

/**
 * Where a model version came from, exactly: the dataset version it was trained on, the run, the pipeline, the
 * trainer with its parameters, the seed, and the Keel build (version and git commit, when known).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Lineage(DatasetRef dataset, String runId, String pipeline, String algorithm, Map<String, String> params,
    long seed, String keelVersion, String gitCommit) {}
