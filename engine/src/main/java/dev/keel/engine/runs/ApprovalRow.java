package dev.keel.engine.runs;

import java.time.OffsetDateTime;

/** A row of {@code approvals}: a person's (or the policy's) decision on a run's version. */
public record ApprovalRow(
    String runId, String decision, String actor, String comment, OffsetDateTime decidedAt) {}
