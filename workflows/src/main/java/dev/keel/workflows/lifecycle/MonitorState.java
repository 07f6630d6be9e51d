package dev.keel.workflows.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A monitor's input across continue-as-new: the model, how often it checks, and the champion
 * version it last raised an alarm for (so one drifting version raises one alarm, not one per
 * check).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MonitorState(String model, long intervalSeconds, Integer alarmedVersion) {}
