package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * What a sweep decided, recorded in the lineage of the version it led to.
 *
 * @param chosenTrial the number of the best trial (from 1)
 * @param chosenParams the swept parameters of that trial
 * @param value its validation {@code metric}
 * @param finished trials that finished
 * @param failed trials that failed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SweepSummary(
    String strategy,
    String metric,
    int chosenTrial,
    Map<String, String> chosenParams,
    double value,
    int finished,
    int failed) {}
