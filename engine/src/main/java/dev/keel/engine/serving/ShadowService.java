package dev.keel.engine.serving;

import dev.keel.engine.errors.Conflict;
import dev.keel.engine.errors.InvalidInput;
import dev.keel.engine.models.ModelService;
import dev.keel.engine.models.VersionDao;
import dev.keel.ml.artifacts.ArtifactStore;
import dev.keel.ml.training.ModelScorer;
import dev.keel.ml.training.RowScorer;
import dev.keel.workflows.contract.ReplayReport;
import dev.keel.workflows.contract.ShadowReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The figures of shadow versions, and log replay: a candidate scored on the champion's latest
 * logged inputs, compared with what was logged. Neither changes what is served.
 */
public final class ShadowService {

  /** The most logged inputs one replay may score. */
  public static final int MAX_REPLAY = 10_000;

  /** Disagreeing examples a replay returns. */
  public static final int EXAMPLES = 10;

  private final Jdbi jdbi;
  private final ModelService models;
  private final PredictionLog log;
  private final ArtifactStore artifacts;

  public ShadowService(Jdbi jdbi, ModelService models, PredictionLog log, ArtifactStore artifacts) {
    this.jdbi = jdbi;
    this.models = models;
    this.log = log;
    this.artifacts = artifacts;
  }

  /** The paired predictions logged for shadow version {@code version} of {@code model}. */
  public ShadowReport report(String model, int version) {
    long modelId = models.row(model).id();
    return jdbi.withExtension(
        ShadowDao.class, dao -> dao.report(modelId, version, ShadowScoring.TOLERANCE));
  }

  /** Scores version {@code version} of {@code model} on its latest {@code lastN} logged inputs. */
  public ReplayReport replayVersion(String model, int version, Integer lastN) {
    int n = lastN == null ? 1000 : lastN;
    if (n < 1 || n > MAX_REPLAY) {
      throw new InvalidInput(
          "lastN " + n + " is out of range; expected a whole number from 1 to " + MAX_REPLAY);
    }
    models.version(model, version);
    String format = jdbi.withExtension(VersionDao.class, d -> d.format(model, version)).orElse("");
    if (!"keel".equals(format)) {
      throw new Conflict(
          "version "
              + version
              + " of model '"
              + model
              + "' has format '"
              + format
              + "'; log replay scores Keel (Tribuo) versions only");
    }
    String artifact =
        jdbi.withExtension(VersionDao.class, d -> d.find(model, version)).orElseThrow().artifact();
    return replay(model, artifact, n);
  }

  /**
   * Scores the Keel artifact {@code artifact} on the latest {@code lastN} logged inputs of {@code
   * model}; nothing replayed when nothing is logged.
   */
  public ReplayReport replay(String model, String artifact, int lastN) {
    List<PredictionLog.Logged> logged =
        log.recent(models.row(model).id(), Math.min(lastN, MAX_REPLAY)).stream()
            .filter(l -> l.output() != null)
            .toList();
    if (logged.isEmpty()) {
      return new ReplayReport(0, 0, List.of());
    }
    RowScorer scorer = ModelScorer.load(artifacts, artifact);
    List<Map<String, Object>> rows = logged.stream().map(PredictionLog.Logged::inputs).toList();
    List<ModelScorer.Scored> scores = scorer.predictAll(rows);
    long agreed = 0;
    List<ReplayReport.Disagreement> examples = new ArrayList<>();
    for (int i = 0; i < scores.size(); i++) {
      Prediction was = logged.get(i).output();
      ModelScorer.Scored now = scores.get(i);
      if (ShadowScoring.agrees(was.label(), was.value(), now.label(), now.value())) {
        agreed++;
      } else if (examples.size() < EXAMPLES) {
        examples.add(
            new ReplayReport.Disagreement(
                null,
                logged.get(i).version(),
                rows.get(i),
                was.label() != null ? was.label() : was.value(),
                now.label() != null ? now.label() : now.value()));
      }
    }
    return new ReplayReport(scores.size(), agreed, examples);
  }
}
