package dev.keel.engine.serving;

import org.jdbi.v3.core.Jdbi;

/**
 * Deletes logged predictions older than {@code retentionDays}, and with them their feedback
 * (cascade) and the shadow scores of that age, in chunks so that no single statement holds locks
 * for long. The periodic retention workflow calls it.
 */
public final class Retention {

  private static final int CHUNK = 10_000;

  private final Jdbi jdbi;
  private final int retentionDays;

  public Retention(Jdbi jdbi, int retentionDays) {
    this.jdbi = jdbi;
    this.retentionDays = retentionDays;
  }

  /**
   * Deletes expired predictions (and their feedback); returns how many predictions were deleted.
   */
  public long purge() {
    long total = 0;
    int deleted;
    do {
      deleted =
          jdbi.withExtension(
              PredictionLogDao.class, dao -> dao.deleteExpired(retentionDays, CHUNK));
      total += deleted;
    } while (deleted == CHUNK);
    int shadows;
    do {
      shadows = jdbi.withExtension(ShadowDao.class, dao -> dao.deleteExpired(retentionDays, CHUNK));
    } while (shadows == CHUNK);
    return total;
  }
}
