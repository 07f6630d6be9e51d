package dev.keel.engine.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code keel_approval_oldest_pending_seconds{model}}: how long the oldest candidate of each model has been waiting
 * for a person's approval, read from the store at scrape time (so every engine reports the same figure). It counts
 * the runs {@code AWAITING_APPROVAL} and, for workflows that reached approval before runs reported that status, the
 * {@code RUNNING} runs whose passed version has no decision yet.
 */
public final class PendingApprovals extends Collector {

  private final Jdbi jdbi;

  public PendingApprovals(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    GaugeMetricFamily family = new GaugeMetricFamily("keel_approval_oldest_pending_seconds",
        "Age of the oldest candidate awaiting approval, by model.", List.of("model"));
    jdbi.useHandle(h -> h.createQuery("""
            SELECT m.name, extract(epoch FROM now() - min(greatest(v.created_at, r.created_at))) AS age
            FROM runs r JOIN model_versions v ON v.model_id = r.model_id AND v.version = r.model_version
            JOIN models m ON m.id = r.model_id
            LEFT JOIN approvals a ON a.run_id = r.id
            WHERE r.status IN ('RUNNING', 'AWAITING_APPROVAL') AND a.run_id IS NULL AND v.status = 'PASSED'
            GROUP BY m.name""")
        .map((rs, ctx) -> {
          family.addMetric(List.of(rs.getString("name")), rs.getDouble("age"));
          return null;
        }).list());
    return List.of(family);
  }
}
