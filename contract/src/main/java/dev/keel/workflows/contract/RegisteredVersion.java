package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * What {@link RegistryActivities#recordOutcome} stored: the version number (null if none) and its
 * status (the name of a {@link VersionStatus}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RegisteredVersion(Integer version, String status, boolean champion) {}
