package dev.keel.engine.serving;

import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code serving_health} table: every engine's request counts and latency histograms per
 * version and bucket.
 */
@RegisterConstructorMapper(ServingHealthDao.Totals.class)
public interface ServingHealthDao {

  /**
   * One version's sums over a window: requests, errors, and the latency histogram summed
   * element-wise.
   */
  record Totals(int version, long requests, long errors, Long[] latency) {}

  /**
   * Adds one engine's counts to its row of a bucket (several flushes of the same bucket add up).
   */
  @SqlBatch(
      """
      INSERT INTO serving_health (model_id, version, bucket, engine, requests, errors, latency)
      SELECT m.id, :version, :bucket, :engine, :requests, :errors, :latency FROM models m WHERE m.name = :model
      ON CONFLICT (model_id, version, bucket, engine) DO UPDATE SET
        requests = serving_health.requests + EXCLUDED.requests,
        errors = serving_health.errors + EXCLUDED.errors,
        latency = ARRAY(SELECT COALESCE(a, 0) + COALESCE(b, 0)
                        FROM unnest(serving_health.latency, EXCLUDED.latency) AS t(a, b))""")
  void add(
      @Bind("model") List<String> models,
      @Bind("version") List<Integer> versions,
      @Bind("bucket") List<OffsetDateTime> buckets,
      @Bind("engine") String engine,
      @Bind("requests") List<Long> requests,
      @Bind("errors") List<Long> errors,
      @Bind("latency") List<long[]> latency);

  /**
   * Per version of the model: the sums of every engine's buckets that start at or after {@code
   * since}.
   */
  @SqlQuery(
      """
      SELECT h.version, sum(h.requests) AS requests, sum(h.errors) AS errors,
             ARRAY(SELECT sum(x)::bigint FROM serving_health s, unnest(s.latency) WITH ORDINALITY AS u(x, i)
                   WHERE s.model_id = h.model_id AND s.version = h.version AND s.bucket >= :since
                   GROUP BY i ORDER BY i) AS latency
      FROM serving_health h JOIN models m ON m.id = h.model_id
      WHERE m.name = :model AND h.bucket >= :since
      GROUP BY h.model_id, h.version""")
  List<Totals> totals(@Bind("model") String model, @Bind("since") OffsetDateTime since);

  @SqlUpdate("DELETE FROM serving_health WHERE bucket < :before")
  int deleteBefore(@Bind("before") OffsetDateTime before);
}
