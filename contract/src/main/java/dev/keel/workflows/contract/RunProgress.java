package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/** The live state of a run, answered by the {@code progress} query while the workflow runs. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunProgress(String stage, List<StageRecord> stages) {}
