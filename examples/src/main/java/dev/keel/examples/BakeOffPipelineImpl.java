package dev.keel.examples;

import dev.keel.workflows.contract.DatasetActivities;
import dev.keel.workflows.contract.EvaluateRequest;
import dev.keel.workflows.contract.EvaluateResult;
import dev.keel.workflows.contract.GateResult;
import dev.keel.workflows.contract.IngestRequest;
import dev.keel.workflows.contract.IngestResult;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.PipelineActivities;
import dev.keel.workflows.contract.PipelineRequest;
import dev.keel.workflows.contract.PipelineResult;
import dev.keel.workflows.contract.Registration;
import dev.keel.workflows.contract.RegistryActivities;
import dev.keel.workflows.contract.RunOutcome;
import dev.keel.workflows.contract.RunProgress;
import dev.keel.workflows.contract.TrainRequest;
import dev.keel.workflows.contract.TrainResult;
import dev.keel.workflows.contract.TrainerSpec;
import dev.keel.workflows.contract.TrainingActivities;
import dev.keel.workflows.contract.ValidateRequest;
import dev.keel.workflows.contract.ValidationResult;
import dev.keel.workflows.training.Gates;
import dev.keel.workflows.training.PipelineStages;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * See {@link BakeOffPipeline}. Reuses Keel's activities, stage bookkeeping, gates and registration.
 */
public class BakeOffPipelineImpl implements BakeOffPipeline {

  static final List<String> CLASSIFIERS = List.of("logistic", "xgboost");
  static final List<String> REGRESSORS = List.of("linear", "xgboost");

  private final RegistryActivities registry = PipelineActivities.registry();
  private final PipelineStages stages =
      new PipelineStages(List.of("ingest", "validate", "bake-off", "register"));

  @Override
  public PipelineResult run(PipelineRequest request) {
    DatasetActivities datasets = PipelineActivities.datasets(request.computeQueueOrDefault());
    TrainingActivities training = PipelineActivities.training(request.computeQueueOrDefault());
    ModelSpec spec = request.spec();
    Candidate best;
    try {
      stages.run(
          "ingest",
          () -> datasets.ingest(new IngestRequest(request.dataset())),
          IngestResult::stats);
      stages.run(
          "validate",
          () -> datasets.validate(new ValidateRequest(request.dataset(), spec)),
          ValidationResult::stats);
      best = stages.run("bake-off", () -> bakeOff(request, training), c -> null);
    } catch (PipelineStages.StageFailure failure) {
      stages.skipRemaining();
      RunOutcome outcome =
          new RunOutcome(
              request.runId(),
              request.model(),
              RunOutcome.FAILED,
              stages.records(),
              Map.of(),
              null,
              List.of(),
              failure.getMessage(),
              null);
      return new PipelineResult(outcome, registry.recordOutcome(outcome));
    }
    List<GateResult> gates =
        Gates.check(best.spec(), best.evaluated().metrics(), best.evaluated().championMetrics());
    boolean passed = Gates.allPassed(gates);
    stages.start("register");
    RunOutcome outcome =
        new RunOutcome(
            request.runId(),
            request.model(),
            passed ? RunOutcome.SUCCEEDED : RunOutcome.REJECTED,
            stages.records(),
            best.evaluated().metrics(),
            best.evaluated().championMetrics(),
            gates,
            passed ? null : "gates failed for the best candidate",
            new Registration(
                best.trained().artifactHash(),
                best.trained().signature(),
                request.dataset(),
                best.spec().trainer(),
                spec.seed(),
                passed,
                request.keelVersion(),
                request.gitCommit(),
                null));
    return new PipelineResult(outcome, registry.recordOutcome(outcome));
  }

  /** Trains every candidate in parallel, evaluates each on the same holdout, returns the best. */
  private Candidate bakeOff(PipelineRequest request, TrainingActivities training) {
    ModelSpec spec = request.spec();
    Set<String> algorithms = new LinkedHashSet<>();
    algorithms.add(spec.trainer().algorithm());
    algorithms.addAll(spec.isClassification() ? CLASSIFIERS : REGRESSORS);
    String champion = request.champion() == null ? null : request.champion().artifactHash();
    List<Promise<Candidate>> running = new ArrayList<>();
    for (String algorithm : algorithms) {
      ModelSpec candidate = withAlgorithm(spec, algorithm);
      running.add(
          Async.function(
              () -> {
                TrainResult trained =
                    training.train(new TrainRequest(request.runId(), request.dataset(), candidate));
                EvaluateResult evaluated =
                    training.evaluate(
                        new EvaluateRequest(
                            request.dataset(), candidate, trained.artifactHash(), champion));
                return new Candidate(candidate, trained, evaluated);
              }));
    }
    String metric = spec.primaryMetric();
    boolean higher = ModelSpec.higherIsBetter(metric);
    Candidate best = null;
    for (Promise<Candidate> p : running) {
      Candidate c = p.get();
      if (best == null
          || (higher
              ? c.score(metric) > best.score(metric)
              : c.score(metric) < best.score(metric))) {
        best = c;
      }
    }
    return best;
  }

  private static ModelSpec withAlgorithm(ModelSpec spec, String algorithm) {
    TrainerSpec trainer =
        algorithm.equals(spec.trainer().algorithm())
            ? spec.trainer()
            : new TrainerSpec(algorithm, Map.of());
    return new ModelSpec(
        spec.task(),
        spec.target(),
        spec.binarize(),
        spec.positiveClass(),
        spec.exclude(),
        trainer,
        spec.gates(),
        spec.schema(),
        spec.holdoutFraction(),
        spec.seed(),
        spec.compareWithChampion());
  }

  @Override
  public RunProgress progress() {
    return stages.progress();
  }

  record Candidate(ModelSpec spec, TrainResult trained, EvaluateResult evaluated) {
    double score(String metric) {
      return evaluated.metrics().getOrDefault(metric, Double.NaN);
    }
  }
}
