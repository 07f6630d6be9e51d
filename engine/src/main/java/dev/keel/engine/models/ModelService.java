package dev.keel.engine.models;

import com.fasterxml.jackson.databind.JsonNode;
import dev.keel.engine.api.Names;
import dev.keel.engine.errors.Conflict;
import dev.keel.engine.errors.InvalidInput;
import dev.keel.engine.errors.NotFound;
import dev.keel.workflows.contract.ChampionMargin;
import dev.keel.workflows.contract.ColumnSpec;
import dev.keel.workflows.contract.Comparison;
import dev.keel.workflows.contract.DataValidationPolicy;
import dev.keel.workflows.contract.Gate;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.ReleasePolicy;
import dev.keel.workflows.contract.TrainerSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/** Registers models and reads the registry: definitions, versions, champions. */
public final class ModelService {

  /** The alias that marks the version a model is served by and compared against. */
  public static final String CHAMPION = "champion";

  static final Set<String> CLASSIFICATION_METRICS =
      Set.of("accuracy", "macroF1", "logLoss", "rocAuc");
  static final Set<String> REGRESSION_METRICS = Set.of("rmse", "mae", "r2");

  /** A created or existing model and whether this call created it. */
  public record Created(ModelView model, boolean created) {}

  private final Jdbi jdbi;
  private final Set<String> classificationAlgorithms;
  private final Set<String> regressionAlgorithms;

  public ModelService(
      Jdbi jdbi, Set<String> classificationAlgorithms, Set<String> regressionAlgorithms) {
    this.jdbi = jdbi;
    this.classificationAlgorithms = classificationAlgorithms;
    this.regressionAlgorithms = regressionAlgorithms;
  }

  /**
   * Registers a model. Posting the same definition again returns the existing model (safe to
   * retry); a different definition under a taken name is a conflict.
   */
  public Created create(ModelDefinition posted) {
    ModelDefinition definition = validate(posted).withDefaults();
    return jdbi.inTransaction(
        handle -> {
          ModelDao dao = handle.attach(ModelDao.class);
          int inserted = dao.insert(definition.name(), definition.task(), definition);
          ModelRow row = dao.find(definition.name()).orElseThrow();
          if (inserted == 0 && !row.definition().equals(definition)) {
            throw new Conflict(
                "model '" + definition.name() + "' already exists with a different definition");
          }
          return new Created(view(handle.attach(VersionDao.class), row), inserted == 1);
        });
  }

  public List<ModelView> list() {
    return jdbi.withHandle(
        handle -> {
          VersionDao versions = handle.attach(VersionDao.class);
          return handle.attach(ModelDao.class).list().stream()
              .map(row -> view(versions, row))
              .toList();
        });
  }

  public ModelView get(String name) {
    return jdbi.withHandle(
        handle -> view(handle.attach(VersionDao.class), find(handle.attach(ModelDao.class), name)));
  }

  public ModelRow row(String name) {
    return jdbi.withExtension(ModelDao.class, dao -> find(dao, name));
  }

  public List<VersionView> versions(String model) {
    row(model);
    return jdbi.withExtension(
        VersionDao.class,
        dao -> {
          Map<Integer, List<String>> aliases =
              dao.aliases(model).stream()
                  .collect(
                      java.util.stream.Collectors.groupingBy(
                          VersionDao.Alias::version,
                          java.util.stream.Collectors.mapping(
                              VersionDao.Alias::alias, java.util.stream.Collectors.toList())));
          return dao.list(model).stream()
              .map(v -> VersionView.of(v, aliases.getOrDefault(v.version(), List.of())))
              .toList();
        });
  }

  public VersionView version(String model, int version) {
    row(model);
    return jdbi.withExtension(
        VersionDao.class,
        dao ->
            dao.find(model, version)
                .map(v -> VersionView.of(v, dao.aliasesOf(model, version)))
                .orElseThrow(
                    () -> new NotFound("model '" + model + "' has no version " + version)));
  }

  /** The release policy of a model's runs. */
  public static ReleasePolicy release(ModelDefinition d) {
    ReleaseDefinition r =
        (d.release() == null ? new ReleaseDefinition(null, null, null) : d.release())
            .withDefaults();
    return new ReleasePolicy(
        r.approval(), r.approvalTimeoutSeconds(), r.canary(), r.shadow(), r.replay());
  }

  public Optional<VersionRow> champion(String model) {
    return jdbi.withExtension(VersionDao.class, dao -> dao.byAlias(model, CHAMPION));
  }

  /**
   * The training spec of a model for a new run. Its expected schema is the declared one or, when
   * none was declared, the first version's signature (so later data must keep the columns the model
   * was first trained with).
   */
  public ModelSpec spec(ModelRow row) {
    requireDefinition(row);
    ModelDefinition d = row.definition();
    List<ColumnSpec> schema = d.schema();
    if (schema == null) {
      schema =
          jdbi.withExtension(VersionDao.class, dao -> dao.first(row.name()))
              .map(VersionRow::signature)
              .orElse(null);
    }
    ModelSpec base = baseSpec(d, schema);
    return d.sweep() == null
        ? base
        : new ModelSpec(
            base.task(),
            base.target(),
            base.binarize(),
            base.positiveClass(),
            base.exclude(),
            base.trainer(),
            base.gates(),
            base.schema(),
            base.holdoutFraction(),
            base.seed(),
            base.compareWithChampion(),
            d.sweep().toSpec(base, metricsOf(d.task())),
            base.championMargins());
  }

  /** The spec of a stored (defaults filled in) definition, without its sweep. */
  private static ModelSpec baseSpec(ModelDefinition d, List<ColumnSpec> schema) {
    return new ModelSpec(
            d.task(),
            d.target(),
            d.binarize(),
            d.positiveClass(),
            d.exclude(),
            new TrainerSpec(d.trainer().algorithm(), params(d.trainer().params())),
            d.gates(),
            schema,
            d.holdoutFraction(),
            d.seed(),
            d.compareWithChampion())
        .withChampionMargins(d.championMargins());
  }

  private static Set<String> metricsOf(String task) {
    return ModelSpec.CLASSIFICATION.equals(task) ? CLASSIFICATION_METRICS : REGRESSION_METRICS;
  }

  /**
   * Whether the model has a training definition (a model registered through the MLflow API has
   * none).
   */
  public static boolean trainable(ModelRow row) {
    return row.task() != null;
  }

  /**
   * Refuses (409) what needs a training definition — runs, retraining, a lifecycle, drift checks —
   * for a model registered through the MLflow API, which has none.
   */
  public static void requireDefinition(ModelRow row) {
    if (!trainable(row)) {
      throw new Conflict(
          "model '"
              + row.name()
              + "' was registered through the MLflow API and has no "
              + "training definition: Keel cannot train, retrain, monitor or run a lifecycle for it");
    }
  }

  private static Map<String, String> params(Map<String, JsonNode> params) {
    Map<String, String> out = new LinkedHashMap<>();
    if (params != null) {
      params.forEach((k, v) -> out.put(k, v.isTextual() ? v.textValue() : v.toString()));
    }
    return out;
  }

  private static ModelRow find(ModelDao dao, String name) {
    return dao.find(name).orElseThrow(() -> new NotFound("model '" + name + "' does not exist"));
  }

  private static ModelView view(VersionDao versions, ModelRow row) {
    ModelView.ChampionView champion =
        versions
            .byAlias(row.name(), CHAMPION)
            .map(v -> new ModelView.ChampionView(v.version(), v.metrics(), v.artifact()))
            .orElse(null);
    return new ModelView(
        row.name(),
        row.task(),
        row.definition(),
        champion,
        versions.count(row.name()),
        row.createdAt(),
        null);
  }

  private ModelDefinition validate(ModelDefinition d) {
    if (d == null) {
      throw new InvalidInput("request body is required: a model definition");
    }
    Names.check("model", d.name());
    if (d.subjectColumn() != null
        && (d.exclude() == null || !d.exclude().contains(d.subjectColumn()))) {
      throw new InvalidInput(
          "field 'subjectColumn': '"
              + d.subjectColumn()
              + "' identifies people and must not "
              + "be a feature; list it in 'exclude' too");
    }
    if (!ModelSpec.CLASSIFICATION.equals(d.task()) && !ModelSpec.REGRESSION.equals(d.task())) {
      throw new InvalidInput(
          "field 'task': '"
              + d.task()
              + "' is not a task; expected 'classification' or "
              + "'regression'");
    }
    boolean classification = ModelSpec.CLASSIFICATION.equals(d.task());
    if (d.target() == null || d.target().isBlank()) {
      throw new InvalidInput("field 'target' is required: the column to predict");
    }
    if (d.trainer() == null || d.trainer().algorithm() == null) {
      throw new InvalidInput(
          "field 'trainer.algorithm' is required; expected one of "
              + (classification ? classificationAlgorithms : regressionAlgorithms));
    }
    Set<String> algorithms = classification ? classificationAlgorithms : regressionAlgorithms;
    if (!algorithms.contains(d.trainer().algorithm())) {
      throw new InvalidInput(
          "field 'trainer.algorithm': '"
              + d.trainer().algorithm()
              + "' is not a "
              + d.task()
              + " algorithm; expected one of "
              + algorithms.stream().sorted().toList());
    }
    if (d.trainer().params() != null) {
      d.trainer()
          .params()
          .forEach(
              (k, v) -> {
                if (v == null || !v.isValueNode() || v.isNull()) {
                  throw new InvalidInput(
                      "field 'trainer.params." + k + "': expected a number, string or boolean");
                }
              });
      TrainerParameters.check(
          "trainer.params", d.task(), d.trainer().algorithm(), d.trainer().params().keySet());
    }
    if (d.binarize() != null) {
      if (!classification) {
        throw new InvalidInput("field 'binarize' applies to classification only");
      }
      operator("binarize.op", d.binarize().op());
    }
    Set<String> metrics = classification ? CLASSIFICATION_METRICS : REGRESSION_METRICS;
    List<Gate> gates = d.gates() == null ? List.of() : d.gates();
    for (int i = 0; i < gates.size(); i++) {
      Gate g = gates.get(i);
      if (g == null || g.metric() == null || !metrics.contains(g.metric())) {
        throw new InvalidInput(
            "field 'gates["
                + i
                + "].metric': '"
                + (g == null ? null : g.metric())
                + "' is not a "
                + d.task()
                + " metric; expected one of "
                + metrics.stream().sorted().toList());
      }
      operator("gates[" + i + "].op", g.op());
    }
    championMargins(d, metrics);
    dataValidation(d.dataValidation());
    if (d.holdoutFraction() != null && !(d.holdoutFraction() > 0 && d.holdoutFraction() < 1)) {
      throw new InvalidInput(
          "field 'holdoutFraction': "
              + d.holdoutFraction()
              + " is out of range; expected a number between 0 and 1 (exclusive)");
    }
    if (d.schema() != null) {
      for (int i = 0; i < d.schema().size(); i++) {
        ColumnSpec c = d.schema().get(i);
        if (c == null
            || c.name() == null
            || c.name().isBlank()
            || !(ColumnSpec.NUMERIC.equals(c.type()) || ColumnSpec.CATEGORICAL.equals(c.type()))) {
          throw new InvalidInput(
              "field 'schema["
                  + i
                  + "]': expected {\"name\": ..., \"type\": "
                  + "\"numeric\"|\"categorical\"}");
        }
      }
    }
    if (d.release() != null) {
      ReleaseDefinition r = d.release();
      if (r.approval() != null
          && !List.of(ReleasePolicy.AUTO, ReleasePolicy.MANUAL, ReleasePolicy.NONE)
              .contains(r.approval())) {
        throw new InvalidInput(
            "field 'release.approval': '"
                + r.approval()
                + "' is not an approval policy; expected 'auto', 'manual' or 'none'");
      }
      if (r.approvalTimeoutSeconds() != null && r.approvalTimeoutSeconds() < 1) {
        throw new InvalidInput(
            "field 'release.approvalTimeoutSeconds': expected a positive number of seconds");
      }
      if (r.canary() != null
          && !(r.canary().share() > 0
              && r.canary().share() < 1
              && r.canary().windowSeconds() > 0
              && r.canary().maxErrorRate() >= 0
              && r.canary().maxLatencyRatio() > 0)) {
        throw new InvalidInput(
            "field 'release.canary': expected share between 0 and 1 (exclusive), "
                + "windowSeconds > 0, maxErrorRate >= 0 and maxLatencyRatio > 0");
      }
      if (r.shadow() != null) {
        checkShadow(r.shadow());
      }
      if (r.replay() != null) {
        if (r.replay().lastN() < 1 || r.replay().lastN() > 10_000) {
          throw new InvalidInput(
              "field 'release.replay.lastN': expected a whole number from 1 to 10000");
        }
        if (!(r.replay().minAgreement() >= 0 && r.replay().minAgreement() <= 1)) {
          throw new InvalidInput(
              "field 'release.replay.minAgreement': expected a number from 0 to 1");
        }
      }
    }
    if (d.monitoring() != null) {
      MonitoringDefinition m = d.monitoring();
      if (m.intervalSeconds() != null && m.intervalSeconds() < 1
          || m.psiThreshold() != null && !(m.psiThreshold() > 0)
          || m.minDriftedFeatures() != null && m.minDriftedFeatures() < 1
          || m.window() != null && m.window() < 1
          || m.minWindow() != null && m.minWindow() < 1
          || m.cooldownSeconds() != null && m.cooldownSeconds() < 0
          || m.accuracyFloor() != null && !(m.accuracyFloor() >= 0 && m.accuracyFloor() <= 1)) {
        throw new InvalidInput(
            "field 'monitoring': expected intervalSeconds >= 1, psiThreshold > 0, "
                + "minDriftedFeatures >= 1, window >= 1, minWindow >= 1, cooldownSeconds >= 0, accuracyFloor in [0, 1]");
      }
      if (m.numericMethod() != null
          && !dev.keel.ml.drift.DriftPolicy.NUMERIC_METHODS.contains(m.numericMethod())) {
        throw new InvalidInput(
            "field 'monitoring.numericMethod': expected one of "
                + dev.keel.ml.drift.DriftPolicy.NUMERIC_METHODS
                + ", got '"
                + m.numericMethod()
                + "'");
      }
      if (m.ksPValue() != null && !(m.ksPValue() >= 0 && m.ksPValue() <= 1)) {
        throw new InvalidInput(
            "field 'monitoring.ksPValue': expected a p-value in [0, 1], got " + m.ksPValue());
      }
      if (m.wassersteinThreshold() != null && !(m.wassersteinThreshold() > 0)) {
        throw new InvalidInput(
            "field 'monitoring.wassersteinThreshold': expected a number > 0, got "
                + m.wassersteinThreshold());
      }
      if (m.estimatedAccuracyFloor() != null
          && !(m.estimatedAccuracyFloor() >= 0 && m.estimatedAccuracyFloor() <= 1)) {
        throw new InvalidInput(
            "field 'monitoring.estimatedAccuracyFloor': expected a number in [0, 1], got "
                + m.estimatedAccuracyFloor());
      }
    }
    if (d.dataset() != null && !d.dataset().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,127}")) {
      throw new InvalidInput("field 'dataset': '" + d.dataset() + "' is not a dataset name");
    }
    if (d.pipeline() != null && !d.pipeline().matches("[A-Za-z][A-Za-z0-9_.-]{0,127}")) {
      throw new InvalidInput(
          "field 'pipeline': '" + d.pipeline() + "' is not a workflow type name");
    }
    if (d.sweep() != null) {
      if (d.pipeline() != null && !ModelDefinition.DEFAULT_PIPELINE.equals(d.pipeline())) {
        throw new InvalidInput(
            "field 'sweep': sweeps run in Keel's own pipeline ('"
                + ModelDefinition.DEFAULT_PIPELINE
                + "'), not in '"
                + d.pipeline()
                + "'");
      }
      d.sweep().toSpec(baseSpec(d.withDefaults(), null), metrics);
    }
    if (d.cache() != null
        && d.cache().maxStalenessDays() != null
        && (d.cache().maxStalenessDays() < 1 || d.cache().maxStalenessDays() > 36500)) {
      throw new InvalidInput(
          "field 'cache.maxStalenessDays': "
              + d.cache().maxStalenessDays()
              + " is out of range; expected whole days from 1 to 36500, or no field for any age");
    }
    if (d.schedule() != null) {
      checkSchedule(d.schedule());
      if (d.dataset() == null) {
        throw new InvalidInput(
            "field 'dataset' is required with 'schedule': a scheduled run trains on the newest"
                + " version of the model's dataset");
      }
    }
    return d;
  }

  /**
   * Checks a schedule; a 400 names the field ({@code schedule.cron}, ...) and what was expected.
   */
  public static void checkSchedule(dev.keel.workflows.schedule.ScheduleSpec schedule) {
    try {
      schedule.check("schedule");
    } catch (IllegalArgumentException e) {
      throw new InvalidInput(e.getMessage());
    }
  }

  /**
   * Each champion margin names a metric of the task and exactly one of {@code minAbsoluteChange}
   * and {@code minRelativeChange}, a finite number of at least 0.
   */
  private static void championMargins(ModelDefinition d, Set<String> metrics) {
    List<ChampionMargin> margins = d.championMargins() == null ? List.of() : d.championMargins();
    for (int i = 0; i < margins.size(); i++) {
      ChampionMargin m = margins.get(i);
      String field = "championMargins[" + i + "]";
      if (m == null) {
        throw new InvalidInput(
            "field '"
                + field
                + "': expected {\"metric\": ..., \"minAbsoluteChange\": ...} or {\"metric\": ...,"
                + " \"minRelativeChange\": ...}");
      }
      if (m.metric() == null || !metrics.contains(m.metric())) {
        Set<String> all = new java.util.TreeSet<>(CLASSIFICATION_METRICS);
        all.addAll(REGRESSION_METRICS);
        throw new InvalidInput(
            "field '"
                + field
                + ".metric': '"
                + m.metric()
                + "' is not a "
                + d.task()
                + " metric"
                + (m.metric() != null && all.contains(m.metric())
                    ? " (it measures "
                        + (metricsOf(ModelSpec.CLASSIFICATION).contains(m.metric())
                            ? ModelSpec.CLASSIFICATION
                            : ModelSpec.REGRESSION)
                        + ")"
                    : "")
                + "; expected one of "
                + metrics.stream().sorted().toList());
      }
      if ((m.minAbsoluteChange() == null) == (m.minRelativeChange() == null)) {
        throw new InvalidInput(
            "field '"
                + field
                + "': expected exactly one of 'minAbsoluteChange' and 'minRelativeChange', "
                + (m.minAbsoluteChange() == null ? "got neither" : "got both"));
      }
      String which = m.minAbsoluteChange() != null ? "minAbsoluteChange" : "minRelativeChange";
      double value = m.minAbsoluteChange() != null ? m.minAbsoluteChange() : m.minRelativeChange();
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new InvalidInput(
            "field '"
                + field
                + "."
                + which
                + "': "
                + value
                + " is not a margin; expected a number of at least 0 (the least improvement over"
                + " the champion; the metric's direction is known)");
      }
      if (m.metric()
          .equals(
              margins.stream()
                  .limit(i)
                  .map(ChampionMargin::metric)
                  .filter(m.metric()::equals)
                  .findFirst()
                  .orElse(null))) {
        throw new InvalidInput(
            "field '" + field + ".metric': '" + m.metric() + "' has a margin already");
      }
    }
  }

  /**
   * {@code onFailure} is {@code fail}, {@code hold} or {@code warn}; the shares are in [0, 1] and
   * {@code maxPsi} is a finite number of at least 0.
   */
  private static void dataValidation(DataValidationPolicy v) {
    if (v == null) {
      return;
    }
    if (v.onFailure() != null && !DataValidationPolicy.ON_FAILURE.contains(v.onFailure())) {
      throw new InvalidInput(
          "field 'dataValidation.onFailure': '"
              + v.onFailure()
              + "' is not a policy; expected 'fail', 'hold' or 'warn'");
    }
    share("dataValidation.maxMissingIncrease", v.maxMissingIncrease());
    share("dataValidation.maxOutOfRangeShare", v.maxOutOfRangeShare());
    if (v.maxPsi() != null && !(v.maxPsi() >= 0 && v.maxPsi() < Double.POSITIVE_INFINITY)) {
      throw new InvalidInput(
          "field 'dataValidation.maxPsi': "
              + v.maxPsi()
              + " is out of range; expected a number of at least 0 (0.1 moderate, 0.25 major"
              + " drift)");
    }
  }

  private static void share(String field, Double value) {
    if (value != null && !(value >= 0 && value <= 1)) {
      throw new InvalidInput(
          "field '" + field + "': " + value + " is out of range; expected a share between 0 and 1");
    }
  }

  private static void operator(String field, String op) {
    try {
      Comparison.of(op);
    } catch (IllegalArgumentException e) {
      throw new InvalidInput("field '" + field + "': " + e.getMessage());
    }
  }

  private static void checkShadow(dev.keel.workflows.contract.ShadowPolicy s) {
    if (!(s.share() > 0 && s.share() <= 1)) {
      throw new InvalidInput(
          "field 'release.shadow.share': expected a number in (0, 1], the share of requests the"
              + " shadow version also scores");
    }
    if (s.windowSeconds() < 1) {
      throw new InvalidInput(
          "field 'release.shadow.windowSeconds': expected a positive number of seconds");
    }
    if (!(s.minAgreement() >= 0 && s.minAgreement() <= 1)) {
      throw new InvalidInput("field 'release.shadow.minAgreement': expected a number from 0 to 1");
    }
    if (!(s.maxLatencyRatio() > 0)) {
      throw new InvalidInput("field 'release.shadow.maxLatencyRatio': expected a number above 0");
    }
    if (s.minPredictions() < 1) {
      throw new InvalidInput(
          "field 'release.shadow.minPredictions': expected a positive whole number");
    }
    if (s.minAccuracy() != null && !(s.minAccuracy() >= 0 && s.minAccuracy() <= 1)) {
      throw new InvalidInput("field 'release.shadow.minAccuracy': expected a number from 0 to 1");
    }
  }
}
