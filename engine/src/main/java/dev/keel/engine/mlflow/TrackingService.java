package dev.keel.engine.mlflow;

import dev.keel.engine.mlflow.MlflowRequests.MetricInput;
import dev.keel.engine.mlflow.MlflowViews.Experiment;
import dev.keel.engine.mlflow.MlflowViews.ExperimentsPage;
import dev.keel.engine.mlflow.MlflowViews.KeyValue;
import dev.keel.engine.mlflow.MlflowViews.Metric;
import dev.keel.engine.mlflow.MlflowViews.MetricsPage;
import dev.keel.engine.mlflow.MlflowViews.Run;
import dev.keel.engine.mlflow.MlflowViews.RunData;
import dev.keel.engine.mlflow.MlflowViews.RunInfo;
import dev.keel.engine.mlflow.MlflowViews.RunsPage;
import dev.keel.engine.mlflow.TrackingRows.ExperimentRow;
import dev.keel.engine.mlflow.TrackingRows.KeyValueRow;
import dev.keel.engine.mlflow.TrackingRows.MetricRow;
import dev.keel.engine.mlflow.TrackingRows.RunRow;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * MLflow tracking on Keel's PostgreSQL: experiments, runs and what runs log, with MLflow's rules (a param never
 * changes value, deleted runs take no more data, log-batch limits). Errors are {@link MlflowException}s.
 */
public final class TrackingService {

  public static final int MAX_METRICS = 1000;
  public static final int MAX_PARAMS = 100;
  public static final int MAX_TAGS = 100;
  public static final int MAX_ITEMS = 1000;
  public static final int MAX_PARAM_VALUE = 6000;
  public static final int MAX_TAG_VALUE = 5000;
  public static final int MAX_KEY = 250;
  public static final long MAX_RUN_RESULTS = 50_000;
  /** Run ids are 32 hexadecimal characters; far longer text is no run id. */
  public static final int MAX_RUN_ID = 256;
  public static final String RUN_NAME_TAG = "mlflow.runName";
  /** How long an experiments/create retry gets the experiment its first attempt created. */
  public static final long RETRY_WINDOW_MILLIS = 60_000;
  private static final Set<String> STATUSES = Set.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED");
  private static final Pattern NAME_FILTER = Pattern.compile(
      "(?i)\\s*(?:attributes?\\.)?name\\s*(=|!=|LIKE|ILIKE)\\s*'([^']*)'\\s*");

  private final Jdbi jdbi;

  public TrackingService(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  private TrackingDao dao() {
    return jdbi.onDemand(TrackingDao.class);
  }

  // ---- experiments

  /**
   * Creates an experiment. The same request again within {@link #RETRY_WINDOW_MILLIS} (same name, artifact location
   * and tags: a client retrying a call whose answer it lost) gets the id created the first time; any other request
   * for a taken name is RESOURCE_ALREADY_EXISTS.
   */
  public String createExperiment(String name, String artifactLocation, List<KeyValue> tags) {
    required("name", name);
    List<KeyValue> given = tags == null ? List.of() : tags;
    for (KeyValue tag : given) {
      required("tags.key", tag.key());
    }
    String fingerprint = fingerprint(name, artifactLocation == null ? "" : artifactLocation, tagText(given));
    long now = System.currentTimeMillis();
    return jdbi.inTransaction(h -> {
      TrackingDao dao = h.attach(TrackingDao.class);
      Optional<Long> inserted = dao.insertRequestedExperiment(name, now, fingerprint);
      if (inserted.isEmpty()) {
        return String.valueOf(dao.retriedExperiment(name, fingerprint, now - RETRY_WINDOW_MILLIS)
            .orElseThrow(() -> MlflowException.exists("Experiment(name=" + name + ") already exists.")));
      }
      long id = inserted.get();
      dao.setArtifactLocation(id, artifactLocation == null || artifactLocation.isBlank()
          ? "mlflow-artifacts:/" + id : artifactLocation);
      for (KeyValue tag : given) {
        dao.setExperimentTag(id, tag.key(), tag.value() == null ? "" : tag.value());
      }
      return String.valueOf(id);
    });
  }

  public Experiment experiment(String experimentId) {
    return view(experimentRow(experimentId));
  }

  public Experiment experimentByName(String name) {
    required("experiment_name", name);
    return view(dao().experimentByName(name)
        .orElseThrow(() -> MlflowException.notFound("Could not find experiment with name '" + name + "'")));
  }

  public ExperimentsPage searchExperiments(String filter, String viewType, Long maxResults, String pageToken) {
    int limit = (int) limit(maxResults, 1000, 50_000);
    long offset = offset(pageToken);
    StringBuilder sql = new StringBuilder(TrackingDao.EXPERIMENT + " WHERE lifecycle_stage = ANY(:stages)");
    String[] stages = stages(viewType, "view_type");
    String nameOp = null;
    String nameValue = null;
    if (filter != null && !filter.isBlank()) {
      Matcher m = NAME_FILTER.matcher(filter);
      if (!m.matches()) {
        throw MlflowException.invalid("invalid experiment filter '" + filter + "': expected name = 'x', "
            + "name != 'x', name LIKE 'x%' or name ILIKE 'x%'");
      }
      nameOp = m.group(1).toUpperCase(Locale.ROOT); // one of the four whitelisted operators
      nameValue = m.group(2);
      sql.append(" AND name ").append(nameOp).append(" :name");
    }
    sql.append(" ORDER BY id LIMIT :limit OFFSET :offset");
    String name = nameValue;
    boolean named = nameOp != null;
    List<ExperimentRow> rows = jdbi.withHandle(h -> {
      var q = h.createQuery(sql.toString()).bind("stages", stages).bind("limit", limit + 1).bind("offset", offset);
      if (named) {
        q.bind("name", name);
      }
      return q.map(ConstructorMapper.of(ExperimentRow.class)).list();
    });
    List<ExperimentRow> page = rows.subList(0, Math.min(limit, rows.size()));
    return new ExperimentsPage(views(page), rows.size() > limit ? token(offset + limit) : null);
  }

  /**
   * Deletes ({@code "deleted"}) or restores ({@code "active"}) an experiment together with all its runs, in one
   * transaction, as MLflow does: a deleted experiment's runs leave default searches, a restored one's come back.
   */
  public void setExperimentStage(String experimentId, String stage) {
    ExperimentRow row = experimentRow(experimentId);
    jdbi.useTransaction(h -> {
      TrackingDao dao = h.attach(TrackingDao.class);
      dao.setExperimentStage(row.id(), stage, System.currentTimeMillis());
      dao.setExperimentRunsStage(row.id(), stage);
    });
  }

  public void renameExperiment(String experimentId, String newName) {
    required("new_name", newName);
    ExperimentRow row = experimentRow(experimentId);
    if (dao().renameExperiment(row.id(), newName, System.currentTimeMillis()) == 0) {
      throw MlflowException.exists("Experiment(name=" + newName + ") already exists.");
    }
  }

  public void setExperimentTag(String experimentId, String key, String value) {
    required("key", key);
    ExperimentRow row = experimentRow(experimentId);
    dao().setExperimentTag(row.id(), key, value == null ? "" : value);
  }

  private ExperimentRow experimentRow(String experimentId) {
    return dao().experiment(experimentId(experimentId))
        .orElseThrow(() -> MlflowException.notFound("No Experiment with id=" + experimentId + " exists"));
  }

  private static long experimentId(String experimentId) {
    required("experiment_id", experimentId);
    try {
      return Long.parseLong(experimentId.trim());
    } catch (NumberFormatException e) {
      throw MlflowException.invalid("experiment_id '" + experimentId + "' is not an experiment id (a number)");
    }
  }

  private Experiment view(ExperimentRow row) {
    return views(List.of(row)).get(0);
  }

  private List<Experiment> views(List<ExperimentRow> rows) {
    Long[] ids = rows.stream().map(ExperimentRow::id).toArray(Long[]::new);
    Map<String, List<KeyValue>> tags = group(ids.length == 0 ? List.of() : dao().experimentTags(ids));
    return rows.stream().map(r -> new Experiment(String.valueOf(r.id()), r.name(), r.artifactLocation(),
        r.lifecycleStage(), r.lastUpdateTime(), r.creationTime(),
        tags.getOrDefault(String.valueOf(r.id()), List.of()))).toList();
  }

  // ---- runs

  /**
   * Creates a run. A request carrying a start time is fingerprinted (experiment, start time, run name, user, tags);
   * the same request again (a client retry) returns the run the first attempt created instead of a second run.
   */
  public Run createRun(String experimentId, String userId, Long startTime, String runName, List<KeyValue> tags) {
    String experimentText = experimentId == null ? "0" : experimentId;
    long experiment = experimentId(experimentText);
    List<KeyValue> given = tags == null ? List.of() : tags;
    validateTags(given);
    String name = runName;
    for (KeyValue tag : given) {
      if (RUN_NAME_TAG.equals(tag.key()) && (name == null || name.isBlank())) {
        name = tag.value();
      }
    }
    String user = userId == null ? "" : userId;
    String fingerprint = startTime == null ? null : fingerprint(String.valueOf(experiment),
        String.valueOf(startTime), runName == null ? "" : runName, user, tagText(given));
    String id = UUID.randomUUID().toString().replace("-", "");
    String finalName = name == null || name.isBlank() ? "run-" + id.substring(0, 8) : name;
    long start = startTime == null ? System.currentTimeMillis() : startTime;
    Map<String, String> runTags = new TreeMap<>();
    for (KeyValue tag : given) {
      runTags.put(tag.key(), tag.value() == null ? "" : tag.value());
    }
    runTags.put(RUN_NAME_TAG, finalName);
    TrackingDao dao = dao();
    Optional<String> artifactUri = dao.insertRun(id, experiment, finalName, user, start, fingerprint,
        runTags.keySet().toArray(String[]::new), runTags.values().toArray(String[]::new));
    if (artifactUri.isEmpty()) { // a retry, or an experiment that is missing or not active
      Optional<RunRow> first = fingerprint == null ? Optional.empty() : dao.runByRequest(experiment, fingerprint);
      if (first.isPresent()) {
        return runs(List.of(first.get())).get(0);
      }
      if ("active".equals(experimentRow(experimentText).lifecycleStage())) {
        throw new IllegalStateException("runs/create wrote nothing into active experiment " + experiment);
      }
      throw MlflowException.invalid("The experiment " + experimentText + " must be in the 'active' state");
    }
    RunInfo info = new RunInfo(id, id, finalName, String.valueOf(experiment), user, "RUNNING", start, null,
        artifactUri.get(), "active");
    List<KeyValue> tagViews = runTags.entrySet().stream().map(e -> new KeyValue(e.getKey(), e.getValue())).toList();
    return new Run(info, new RunData(List.of(), List.of(), tagViews));
  }

  public Run run(String runId) {
    return runs(List.of(runRow(runId))).get(0);
  }

  public RunInfo updateRun(String runId, String status, Long endTime, String runName) {
    RunRow row = runRow(runId);
    if (status != null && !STATUSES.contains(status)) {
      throw MlflowException.invalid("status '" + status + "' is not a run status; expected one of "
          + STATUSES.stream().sorted().toList());
    }
    String name = runName == null || runName.isBlank() ? null : runName;
    jdbi.useTransaction(h -> {
      TrackingDao dao = h.attach(TrackingDao.class);
      dao.updateRun(row.runUuid(), status, endTime, name);
      if (name != null) {
        dao.setTag(row.runUuid(), RUN_NAME_TAG, name);
      }
    });
    return info(runRow(runId));
  }

  public void setRunStage(String runId, String stage) {
    dao().setRunStage(runRow(runId).runUuid(), stage);
  }

  public void logBatch(String runId, List<MetricInput> metrics, List<KeyValue> params, List<KeyValue> tags) {
    List<MetricInput> m = metrics == null ? List.of() : metrics;
    List<KeyValue> p = params == null ? List.of() : params;
    List<KeyValue> t = tags == null ? List.of() : tags;
    if (m.size() > MAX_METRICS) {
      throw MlflowException.invalid("A batch logging request can contain at most " + MAX_METRICS
          + " metrics. Got " + m.size() + " metrics.");
    }
    if (p.size() > MAX_PARAMS) {
      throw MlflowException.invalid("A batch logging request can contain at most " + MAX_PARAMS
          + " params. Got " + p.size() + " params.");
    }
    if (t.size() > MAX_TAGS) {
      throw MlflowException.invalid("A batch logging request can contain at most " + MAX_TAGS
          + " tags. Got " + t.size() + " tags.");
    }
    int total = m.size() + p.size() + t.size();
    if (total > MAX_ITEMS) {
      throw MlflowException.invalid("A batch logging request can contain at most " + MAX_ITEMS
          + " metrics, params and tags in total. Got " + total + ".");
    }
    for (MetricInput metric : m) {
      key("metrics", metric.key());
      if (metric.value() == null) {
        throw MlflowException.invalid("Missing value for required parameter 'value' of metric '" + metric.key() + "'");
      }
    }
    for (KeyValue param : p) {
      key("params", param.key());
      String value = param.value() == null ? "" : param.value();
      if (value.length() > MAX_PARAM_VALUE) {
        throw MlflowException.invalid("Param value for key '" + param.key() + "' has length " + value.length()
            + ", which exceeds the limit of " + MAX_PARAM_VALUE + " characters");
      }
    }
    validateTags(t);
    required("run_id", runId);
    long now = System.currentTimeMillis();
    List<MetricInput> sorted = m.stream().sorted(Comparator.comparing(MetricInput::key)).toList();
    Map<String, String> tagValues = new TreeMap<>(); // the last value of a key repeated in one batch wins
    for (KeyValue tag : t) {
      tagValues.put(tag.key(), tag.value() == null ? "" : tag.value());
    }
    String[] keys = sorted.stream().map(MetricInput::key).toArray(String[]::new);
    Double[] values = sorted.stream().map(MetricInput::value).toArray(Double[]::new);
    Long[] timestamps = sorted.stream().map(x -> x.timestamp() == null ? now : x.timestamp()).toArray(Long[]::new);
    Long[] steps = sorted.stream().map(x -> x.step() == null ? 0L : x.step()).toArray(Long[]::new);
    if (p.isEmpty() && tagValues.isEmpty() && !sorted.isEmpty()) {
      // the common case, one statement that checks the run too; when it writes nothing, say why
      if (!dao().logMetrics(runId, keys, values, timestamps, steps)) {
        activeRun(runId);
        throw new IllegalStateException("run " + runId + " took no metrics but is active");
      }
      return;
    }
    RunRow run = activeRun(runId);
    jdbi.useTransaction(h -> {
      TrackingDao dao = h.attach(TrackingDao.class);
      if (!sorted.isEmpty()) {
        dao.insertMetrics(run.runUuid(), keys, values, timestamps, steps);
      }
      if (!p.isEmpty()) {
        logParams(dao, run.runUuid(), p);
      }
      if (!tagValues.isEmpty()) {
        dao.setTags(run.runUuid(), tagValues.keySet().toArray(String[]::new),
            tagValues.values().toArray(String[]::new));
        if (tagValues.containsKey(RUN_NAME_TAG)) {
          dao.updateRun(run.runUuid(), null, null, tagValues.get(RUN_NAME_TAG));
        }
      }
    });
  }

  /** Logs params a run does not have; a param already logged with another value is INVALID_PARAMETER_VALUE. */
  private static void logParams(TrackingDao dao, String runId, List<KeyValue> params) {
    String[] keys = params.stream().map(KeyValue::key).toArray(String[]::new);
    String[] values = params.stream().map(x -> x.value() == null ? "" : x.value()).toArray(String[]::new);
    Map<String, String> stored = new HashMap<>();
    for (KeyValueRow row : dao.insertParams(runId, keys, values)) {
      stored.put(row.key(), row.value());
    }
    for (int i = 0; i < keys.length; i++) {
      if (!values[i].equals(stored.get(keys[i]))) {
        throw MlflowException.invalid("Changing param values is not allowed. Param with key='" + keys[i]
            + "' was already logged with value='" + stored.get(keys[i]) + "' for run ID='" + runId
            + "'. Attempted logging new value '" + values[i] + "'.");
      }
    }
  }

  public void deleteTag(String runId, String key) {
    required("key", key);
    RunRow run = activeRun(runId);
    if (dao().deleteTag(run.runUuid(), key) == 0) {
      throw MlflowException.notFound("No tag with name: " + key + " in run with id " + run.runUuid());
    }
  }

  public MetricsPage metricHistory(String runId, String key, Long maxResults, String pageToken) {
    required("metric_key", key);
    RunRow run = runRow(runId);
    int limit = (int) limit(maxResults, 25_000, 25_000);
    long offset = offset(pageToken);
    List<MetricRow> rows = dao().metricHistory(run.runUuid(), key, limit + 1, offset);
    List<Metric> metrics = rows.stream().limit(limit)
        .map(r -> new Metric(r.key(), r.value(), r.timestamp(), r.step())).toList();
    return new MetricsPage(metrics, rows.size() > limit ? token(offset + limit) : null);
  }

  public RunsPage searchRuns(List<String> experimentIds, String filter, String viewType, Long maxResults,
      List<String> orderBy, String pageToken) {
    if (experimentIds == null || experimentIds.isEmpty()) {
      throw MlflowException.invalid("Missing value for required parameter 'experiment_ids'");
    }
    Long[] ids = experimentIds.stream().map(id -> {
      try {
        return Long.parseLong(id.trim());
      } catch (NumberFormatException e) {
        throw MlflowException.invalid("experiment_ids: '" + id + "' is not an experiment id (a number)");
      }
    }).toArray(Long[]::new);
    long limit = limit(maxResults, 1000, MAX_RUN_RESULTS);
    long offset = offset(pageToken);
    RunQuery query = RunQuery.parse(filter, orderBy);
    String[] stages = stages(viewType, "run_view_type");
    // one experiment and one stage compare with '=', which lets PostgreSQL read the run index in order
    StringBuilder sql = new StringBuilder(TrackingDao.RUN).append(' ').append(query.joinSql())
        .append(ids.length == 1 ? " WHERE r.experiment_id = :experimentId" : " WHERE r.experiment_id = ANY(:experimentIds)")
        .append(stages.length == 1 ? " AND r.lifecycle_stage = :stage" : " AND r.lifecycle_stage = ANY(:stages)");
    for (String condition : query.conditions()) {
      sql.append(" AND ").append(condition);
    }
    sql.append(" ORDER BY ").append(query.orderSql()).append(" LIMIT :limit OFFSET :offset");
    List<RunRow> rows = jdbi.withHandle(h -> h.createQuery(sql.toString()).bindMap(query.binds())
        .bind("experimentIds", ids).bind("experimentId", ids[0]).bind("stages", stages).bind("stage", stages[0])
        .bind("limit", limit + 1).bind("offset", offset)
        .map(ConstructorMapper.of(RunRow.class)).list());
    List<RunRow> page = rows.subList(0, (int) Math.min(limit, rows.size()));
    return new RunsPage(runs(page), rows.size() > limit ? token(offset + limit) : null);
  }

  private List<Run> runs(List<RunRow> rows) {
    if (rows.isEmpty()) {
      return List.of();
    }
    String[] ids = rows.stream().map(RunRow::runUuid).toArray(String[]::new);
    Map<String, List<Metric>> metrics = new HashMap<>();
    Map<String, List<KeyValue>> params = new HashMap<>();
    Map<String, List<KeyValue>> tags = new HashMap<>();
    for (TrackingDao.RunDataRow d : dao().runData(ids)) {
      switch (d.kind()) {
        case "m" -> metrics.computeIfAbsent(d.runUuid(), k -> new ArrayList<>())
            .add(new Metric(d.key(), d.number(), d.timestamp(), d.step()));
        case "p" -> params.computeIfAbsent(d.runUuid(), k -> new ArrayList<>()).add(new KeyValue(d.key(), d.text()));
        default -> tags.computeIfAbsent(d.runUuid(), k -> new ArrayList<>()).add(new KeyValue(d.key(), d.text()));
      }
    }
    return rows.stream().map(r -> new Run(info(r), new RunData(metrics.getOrDefault(r.runUuid(), List.of()),
        params.getOrDefault(r.runUuid(), List.of()), tags.getOrDefault(r.runUuid(), List.of())))).toList();
  }

  private static RunInfo info(RunRow r) {
    return new RunInfo(r.runUuid(), r.runUuid(), r.runName(), String.valueOf(r.experimentId()), r.userId(),
        r.status(), r.startTime(), r.endTime(), r.artifactUri(), r.lifecycleStage());
  }

  private RunRow runRow(String runId) {
    required("run_id", runId);
    if (runId.length() > MAX_RUN_ID) {
      throw MlflowException.invalid("run_id '" + runId.substring(0, 20) + "…' has length " + runId.length()
          + "; run ids have at most " + MAX_RUN_ID + " characters");
    }
    return dao().run(runId).orElseThrow(() -> MlflowException.notFound("Run with id=" + runId + " not found"));
  }

  private RunRow activeRun(String runId) {
    RunRow run = runRow(runId);
    if (!"active".equals(run.lifecycleStage())) {
      throw MlflowException.invalid("The run " + runId + " must be in the 'active' state. Current state is "
          + run.lifecycleStage() + ".");
    }
    return run;
  }

  // ---- helpers

  /** A digest of a create request's fields, to recognise the same request sent again. */
  private static String fingerprint(String... fields) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      for (String field : fields) {
        digest.update(field.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }

  /** Tags in a canonical text form (sorted by key), for fingerprints. */
  private static String tagText(List<KeyValue> tags) {
    return tags.stream().map(t -> t.key() + "\u0000" + (t.value() == null ? "" : t.value()) + "\u0001").sorted()
        .collect(Collectors.joining());
  }

  private static void validateTags(List<KeyValue> tags) {
    for (KeyValue tag : tags) {
      key("tags", tag.key());
      String value = tag.value() == null ? "" : tag.value();
      if (value.length() > MAX_TAG_VALUE) {
        throw MlflowException.invalid("Tag value for key '" + tag.key() + "' has length " + value.length()
            + ", which exceeds the limit of " + MAX_TAG_VALUE + " characters");
      }
    }
  }

  private static void key(String what, String key) {
    if (key == null || key.isEmpty()) {
      throw MlflowException.invalid("Missing value for required parameter 'key' in " + what);
    }
    if (key.length() > MAX_KEY) {
      throw MlflowException.invalid(what + " key '" + key.substring(0, 20) + "…' has length " + key.length()
          + ", which exceeds the limit of " + MAX_KEY + " characters");
    }
  }

  static void required(String name, String value) {
    if (value == null || value.isBlank()) {
      throw MlflowException.invalid("Missing value for required parameter '" + name + "'");
    }
  }

  private static Map<String, List<KeyValue>> group(List<KeyValueRow> rows) {
    return rows.stream().collect(Collectors.groupingBy(KeyValueRow::owner,
        Collectors.mapping(r -> new KeyValue(r.key(), r.value()), Collectors.toList())));
  }

  private static String[] stages(String viewType, String field) {
    if (viewType == null || viewType.isBlank() || viewType.equals("ACTIVE_ONLY") || viewType.equals("1")) {
      return new String[] {"active"};
    }
    return switch (viewType) {
      case "DELETED_ONLY", "2" -> new String[] {"deleted"};
      case "ALL", "3" -> new String[] {"active", "deleted"};
      default -> throw MlflowException.invalid(field + " '" + viewType
          + "' is not a view type; expected ACTIVE_ONLY, DELETED_ONLY or ALL");
    };
  }

  private static long limit(Long requested, long fallback, long max) {
    if (requested == null || requested == 0) {
      return fallback;
    }
    if (requested < 0 || requested > max) {
      throw MlflowException.invalid("max_results " + requested + " is out of range; expected 1 to " + max);
    }
    return requested;
  }

  /** Page tokens are opaque to clients: base64 of {@code offset:<n>}. */
  static String token(long offset) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  static long offset(String token) {
    if (token == null || token.isBlank()) {
      return 0;
    }
    try {
      String text = new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
      if (text.startsWith("offset:")) {
        long offset = Long.parseLong(text.substring("offset:".length()));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // falls through to the error below
    }
    throw MlflowException.invalid("page_token '" + token + "' is not a token this server issued");
  }
}
