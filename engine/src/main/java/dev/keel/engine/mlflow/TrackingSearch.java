package dev.keel.engine.mlflow;

import dev.keel.engine.mlflow.MlflowViews.ExperimentsPage;
import dev.keel.engine.mlflow.MlflowViews.Metric;
import dev.keel.engine.mlflow.MlflowViews.MetricsPage;
import dev.keel.engine.mlflow.MlflowViews.RunsPage;
import dev.keel.engine.mlflow.TrackingRows.ExperimentRow;
import dev.keel.engine.mlflow.TrackingRows.MetricRow;
import dev.keel.engine.mlflow.TrackingRows.RunRow;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/**
 * MLflow's paged reads: experiments/search, runs/search and metrics/get-history. Each reads one row
 * more than the page to know whether a next page exists; its {@link PageToken} carries the next
 * offset.
 */
final class TrackingSearch {

  static final long MAX_RUN_RESULTS = 50_000;
  private static final Pattern NAME_FILTER =
      Pattern.compile("(?i)\\s*(?:attributes?\\.)?name\\s*(=|!=|LIKE|ILIKE)\\s*'([^']*)'\\s*");

  private final Jdbi jdbi;
  private final TrackingReader reader;

  TrackingSearch(Jdbi jdbi, TrackingReader reader) {
    this.jdbi = jdbi;
    this.reader = reader;
  }

  ExperimentsPage experiments(String filter, String viewType, Long maxResults, String pageToken) {
    int limit = (int) TrackingChecks.maxResults(maxResults, 1000, 50_000);
    long offset = PageToken.decode(pageToken);
    String[] stages = TrackingChecks.stages(viewType, "view_type");
    String nameOp = null;
    String nameValue = null;
    if (filter != null && !filter.isBlank()) {
      Matcher m = NAME_FILTER.matcher(filter);
      if (!m.matches()) {
        throw MlflowException.invalid(
            "invalid experiment filter '"
                + filter
                + "': expected name = 'x', "
                + "name != 'x', name LIKE 'x%' or name ILIKE 'x%'");
      }
      nameOp = m.group(1).toUpperCase(Locale.ROOT);
      nameValue = m.group(2);
    }
    String op = nameOp;
    String name = nameValue;
    List<ExperimentRow> rows =
        jdbi.withExtension(
            TrackingSearchDao.class, dao -> dao.experiments(stages, op, name, limit + 1, offset));
    List<ExperimentRow> page = rows.subList(0, Math.min(limit, rows.size()));
    return new ExperimentsPage(
        reader.experiments(page), rows.size() > limit ? PageToken.encode(offset + limit) : null);
  }

  RunsPage runs(
      List<String> experimentIds,
      String filter,
      String viewType,
      Long maxResults,
      List<String> orderBy,
      String pageToken) {
    Long[] ids = TrackingChecks.experimentIds(experimentIds);
    long limit = TrackingChecks.maxResults(maxResults, 1000, MAX_RUN_RESULTS);
    long offset = PageToken.decode(pageToken);
    RunFilter query = RunFilterParser.parse(filter, orderBy);
    String[] stages = TrackingChecks.stages(viewType, "run_view_type");
    List<RunRow> rows =
        jdbi.withExtension(
            TrackingSearchDao.class, dao -> dao.runs(query, ids, stages, limit + 1, offset));
    List<RunRow> page = rows.subList(0, (int) Math.min(limit, rows.size()));
    return new RunsPage(
        reader.runs(page), rows.size() > limit ? PageToken.encode(offset + limit) : null);
  }

  MetricsPage metricHistory(String runId, String key, Long maxResults, String pageToken) {
    TrackingChecks.required("metric_key", key);
    RunRow run = reader.runRow(runId);
    int limit = (int) TrackingChecks.maxResults(maxResults, 25_000, 25_000);
    long offset = PageToken.decode(pageToken);
    List<MetricRow> rows = reader.dao().metricHistory(run.runUuid(), key, limit + 1, offset);
    List<Metric> metrics =
        rows.stream()
            .limit(limit)
            .map(r -> new Metric(r.key(), r.value(), r.timestamp(), r.step()))
            .toList();
    return new MetricsPage(metrics, rows.size() > limit ? PageToken.encode(offset + limit) : null);
  }
}
