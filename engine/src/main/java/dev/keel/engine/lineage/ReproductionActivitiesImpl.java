package dev.keel.engine.lineage;

import dev.keel.workflows.reproduce.ReproduceResult;
import dev.keel.workflows.reproduce.ReproductionActivities;
import org.jdbi.v3.core.Jdbi;

/**
 * Records reproduction outcomes; only a running reproduction is updated, so a retried call changes
 * nothing.
 */
public final class ReproductionActivitiesImpl implements ReproductionActivities {

  private final Jdbi jdbi;

  public ReproductionActivitiesImpl(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void record(ReproduceResult result) {
    jdbi.useExtension(
        ReproductionDao.class,
        dao ->
            dao.finish(
                result.id(),
                result.error() == null ? "SUCCEEDED" : "FAILED",
                result.reproducedHash(),
                result.error() == null ? Boolean.valueOf(result.identical()) : null,
                result.error()));
  }
}
