package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * Which learning algorithm to train and its hyperparameters. Parameter values are kept as strings,
 * as experiment trackers do, so that lineage records exactly what was asked for.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrainerSpec(String algorithm, Map<String, String> params) {
  public TrainerSpec {
    params = params == null ? Map.of() : Map.copyOf(params);
  }
}
