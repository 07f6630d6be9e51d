package dev.keel.engine.lineage;

import dev.keel.workflows.reproduce.ReproduceResult;
import dev.keel.workflows.reproduce.ReproductionActivities;
import org.jdbi.v3.core.Jdbi;

/** Records reproduction outcomes; only a running reproduction is updated, so a retried call changes nothing. */
public final class ReproductionActivitiesImpl implements ReproductionActivities {

  private final Jdbi jdbi;

  public ReproductionActivitiesImpl(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void record(ReproduceResult result) {
    jdbi.useHandle(h -> h.createUpdate("""
            UPDATE reproductions SET status = :status, reproduced_hash = :hash, identical = :identical,
                   error = :error, ended_at = now()
            WHERE id = :id AND status = 'RUNNING'""")
        .bind("id", result.id())
        .bind("status", result.error() == null ? "SUCCEEDED" : "FAILED")
        .bind("hash", result.reproducedHash())
        .bind("identical", result.error() == null ? Boolean.valueOf(result.identical()) : null)
        .bind("error", result.error())
        .execute());
  }
}
