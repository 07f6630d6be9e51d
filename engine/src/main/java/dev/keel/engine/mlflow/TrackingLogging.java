package dev.keel.engine.mlflow;

import dev.keel.engine.mlflow.MlflowRequests.MetricInput;
import dev.keel.engine.mlflow.MlflowViews.KeyValue;
import dev.keel.engine.mlflow.TrackingChecks.Limit;
import dev.keel.engine.mlflow.TrackingRows.KeyValueRow;
import dev.keel.engine.mlflow.TrackingRows.RunRow;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Jdbi;

/**
 * What a run logs: metrics, params and tags, one at a time or in a batch, with MLflow's rules
 * (batch limits, a param never changes value, a deleted run takes nothing). A batch of metrics
 * alone is one statement.
 */
final class TrackingLogging {

  private final Jdbi jdbi;
  private final TrackingReader reader;

  TrackingLogging(Jdbi jdbi, TrackingReader reader) {
    this.jdbi = jdbi;
    this.reader = reader;
  }

  void logBatch(
      String runId, List<MetricInput> metrics, List<KeyValue> params, List<KeyValue> tags) {
    List<MetricInput> m = metrics == null ? List.of() : metrics;
    List<KeyValue> p = params == null ? List.of() : params;
    List<KeyValue> t = tags == null ? List.of() : tags;
    Limit.BATCH_METRICS.check(m.size());
    Limit.BATCH_PARAMS.check(p.size());
    Limit.BATCH_TAGS.check(t.size());
    Limit.BATCH_ITEMS.check(m.size() + p.size() + t.size());
    for (MetricInput metric : m) {
      TrackingChecks.key("metrics", metric.key());
      if (metric.value() == null) {
        throw MlflowException.invalid(
            "Missing value for required parameter 'value' of metric '" + metric.key() + "'");
      }
    }
    TrackingChecks.params(p);
    TrackingChecks.tags(t);
    TrackingChecks.required("run_id", runId);
    long now = System.currentTimeMillis();
    List<MetricInput> sorted = m.stream().sorted(Comparator.comparing(MetricInput::key)).toList();
    Map<String, String> tagValues =
        new TreeMap<>(); // the last value of a key repeated in one batch wins
    for (KeyValue tag : t) {
      tagValues.put(tag.key(), TrackingChecks.valueOf(tag));
    }
    String[] keys = sorted.stream().map(MetricInput::key).toArray(String[]::new);
    Double[] values = sorted.stream().map(MetricInput::value).toArray(Double[]::new);
    Long[] timestamps =
        sorted.stream().map(x -> x.timestamp() == null ? now : x.timestamp()).toArray(Long[]::new);
    Long[] steps = sorted.stream().map(x -> x.step() == null ? 0L : x.step()).toArray(Long[]::new);
    if (p.isEmpty() && tagValues.isEmpty() && !sorted.isEmpty()) {
      // the common case, one statement that checks the run too; when it writes nothing, say why
      if (!reader.dao().logMetrics(runId, keys, values, timestamps, steps)) {
        reader.activeRun(runId);
        throw new IllegalStateException("run " + runId + " took no metrics but is active");
      }
      return;
    }
    RunRow run = reader.activeRun(runId);
    jdbi.useTransaction(
        h -> {
          TrackingDao dao = h.attach(TrackingDao.class);
          if (!sorted.isEmpty()) {
            dao.insertMetrics(run.runUuid(), keys, values, timestamps, steps);
          }
          if (!p.isEmpty()) {
            logParams(dao, run.runUuid(), p);
          }
          if (!tagValues.isEmpty()) {
            dao.setTags(
                run.runUuid(),
                tagValues.keySet().toArray(String[]::new),
                tagValues.values().toArray(String[]::new));
            if (tagValues.containsKey(TrackingRuns.RUN_NAME_TAG)) {
              dao.updateRun(run.runUuid(), null, null, tagValues.get(TrackingRuns.RUN_NAME_TAG));
            }
          }
        });
  }

  /**
   * Logs params a run does not have; a param already logged with another value is
   * INVALID_PARAMETER_VALUE.
   */
  private static void logParams(TrackingDao dao, String runId, List<KeyValue> params) {
    String[] keys = params.stream().map(KeyValue::key).toArray(String[]::new);
    String[] values = params.stream().map(TrackingChecks::valueOf).toArray(String[]::new);
    Map<String, String> stored = new HashMap<>();
    for (KeyValueRow row : dao.insertParams(runId, keys, values)) {
      stored.put(row.key(), row.value());
    }
    for (int i = 0; i < keys.length; i++) {
      if (!values[i].equals(stored.get(keys[i]))) {
        throw MlflowException.invalid(
            "Changing param values is not allowed. Param with key='"
                + keys[i]
                + "' was already logged with value='"
                + stored.get(keys[i])
                + "' for run ID='"
                + runId
                + "'. Attempted logging new value '"
                + values[i]
                + "'.");
      }
    }
  }

  void deleteTag(String runId, String key) {
    TrackingChecks.required("key", key);
    RunRow run = reader.activeRun(runId);
    if (reader.dao().deleteTag(run.runUuid(), key) == 0) {
      throw MlflowException.notFound(
          "No tag with name: " + key + " in run with id " + run.runUuid());
    }
  }
}
