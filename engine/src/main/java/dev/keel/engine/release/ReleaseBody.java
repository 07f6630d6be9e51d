package dev.keel.engine.release;

import dev.keel.workflows.contract.CanaryPolicy;
import java.util.List;

/**
 * Body of {@code POST /v1/models/{name}/versions/{n}/release}, every field optional.
 *
 * @param policy {@code manual} (a person approves through {@code POST /v1/runs/{id}/approval}) or
 *     {@code auto}; default: the model definition's release approval, else {@code manual}
 * @param canary a canary before promotion (used when the model has a champion); default: the
 *     definition's
 * @param features feature names in column order, for an ONNX model with one [N,k] input
 * @param labels class labels in score order, for an ONNX classifier with a [N,classes] scores
 *     output
 * @param comment why; recorded with an automatic approval
 * @param approvalTimeoutSeconds how long a manual approval may take (default: the definition's,
 *     else 7 days)
 */
public record ReleaseBody(
    String policy,
    CanaryPolicy canary,
    List<String> features,
    List<String> labels,
    String comment,
    Long approvalTimeoutSeconds) {}
