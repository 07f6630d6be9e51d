package dev.keel.engine.metrics;

import dev.keel.engine.runs.RunDao;
import io.prometheus.client.Collector;
import io.prometheus.client.GaugeMetricFamily;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code keel_approval_oldest_pending_seconds{model}}: how long the oldest candidate of each model
 * has been waiting for a person's approval, read from the store at scrape time (so every engine
 * reports the same figure). It counts the runs {@code AWAITING_APPROVAL} and, for workflows that
 * reached approval before runs reported that status, the {@code RUNNING} runs whose passed version
 * has no decision yet.
 */
public final class PendingApprovals extends Collector {

  private final Jdbi jdbi;

  public PendingApprovals(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public List<MetricFamilySamples> collect() {
    GaugeMetricFamily family =
        new GaugeMetricFamily(
            "keel_approval_oldest_pending_seconds",
            "Age of the oldest candidate awaiting approval, by model.",
            List.of("model"));
    jdbi.withExtension(RunDao.class, RunDao::pendingApprovals)
        .forEach(p -> family.addMetric(List.of(p.model()), p.age()));
    return List.of(family);
  }
}
