package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * A run that starts to wait for a person's approval decision: its candidate {@code version} (the
 * version a release run releases) and its stages so far, the {@code approve} stage running.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ApprovalWait(String runId, String model, Integer version, List<StageRecord> stages) {}
