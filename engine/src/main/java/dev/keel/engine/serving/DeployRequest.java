package dev.keel.engine.serving;

/**
 * Body of {@code POST /v1/models/{name}/deploy} (required version) and {@code …/rollback} (optional
 * version: without it, the version served before the current one), with an optional reason for the
 * history.
 */
public record DeployRequest(Integer version, String reason) {}
