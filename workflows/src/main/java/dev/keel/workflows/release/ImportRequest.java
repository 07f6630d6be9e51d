package dev.keel.workflows.release;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * Input of {@link ImportActivities#importVersion}: which version, with the names given by the
 * release.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ImportRequest(
    String runId, String model, int version, List<String> features, List<String> labels) {}
