package dev.keel.workflows.release;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.keel.workflows.contract.ChampionRef;
import dev.keel.workflows.contract.ReleasePolicy;
import java.util.List;

/**
 * Input of a {@link ReleasePipeline} run: release an existing version of a model.
 *
 * @param runId the run's id, which is also the workflow id
 * @param version the version to release
 * @param release who approves ({@code auto} or {@code manual}, within its timeout) and how it is
 *     deployed (directly, or as a canary when the model has a champion)
 * @param champion the champion when the run started, or null (the first version is deployed without
 *     a canary)
 * @param features feature names given with the release (for an ONNX model with one [N,k] input), or
 *     null
 * @param labels class labels given with the release (for an ONNX classifier's score columns), or
 *     null
 * @param comment why the release was asked for; recorded with an automatic approval
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReleaseRequest(
    String runId,
    String model,
    int version,
    ReleasePolicy release,
    ChampionRef champion,
    List<String> features,
    List<String> labels,
    String comment) {}
