package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A trained model in the artifact store.
 *
 * @param artifactHash {@code sha256:<hex>} over the model's canonical form (learned parameters, no
 *     training time), so the same dataset version, parameters and seed always give the same hash;
 *     also the artifact's address
 * @param signature the input columns the model expects
 * @param trainRows rows used for training
 * @param holdoutRows rows held out for evaluation
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainResult(
    String artifactHash,
    List<ColumnSpec> signature,
    long trainRows,
    long holdoutRows,
    ActivityStats stats) {}
