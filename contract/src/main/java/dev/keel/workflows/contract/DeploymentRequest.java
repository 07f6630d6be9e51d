package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Input of the deployment activities: which model version, the canary share where one applies, who
 * and why.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeploymentRequest(
    String model, int version, double share, String actor, String reason) {}
