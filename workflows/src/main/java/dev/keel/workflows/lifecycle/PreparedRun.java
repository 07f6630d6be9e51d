package dev.keel.workflows.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.keel.workflows.contract.PipelineRequest;

/**
 * A run recorded in Keel's run index and ready to start: its workflow type, task queue and input.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PreparedRun(String workflowType, String taskQueue, PipelineRequest request) {}
