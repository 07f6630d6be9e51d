package dev.keel.engine.lifecycle;

/** Body of {@code POST /v1/runs/{id}/approval}: {@code approve} or {@code reject}, and why. */
public record ApprovalBody(String decision, String comment) {}
