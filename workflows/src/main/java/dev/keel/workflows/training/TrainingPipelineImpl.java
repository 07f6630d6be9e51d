package dev.keel.workflows.training;

import dev.keel.workflows.training.PipelineStages.StageFailure;
import java.util.List;
import java.util.Map;

/** Keel's standard pipeline. Deterministic: all I/O happens in activities. */
public class TrainingPipelineImpl implements TrainingPipeline {

  public static final String INGEST = "ingest";
  public static final String VALIDATE = "validate";
  public static final String TRAIN = "train";
  public static final String EVALUATE = "evaluate";
  public static final String REGISTER = "register";

  private final RegistryActivities registry = PipelineActivities.registry();
  private final PipelineStages stages = new PipelineStages(List.of(INGEST, VALIDATE, TRAIN, EVALUATE, REGISTER));

  @Override
  public PipelineResult run(PipelineRequest request) {
    ModelSpec spec = request.spec();
    DatasetActivities datasets = PipelineActivities.datasets(request.computeQueueOrDefault());
    TrainingActivities training = PipelineActivities.training(request.computeQueueOrDefault());
    TrainResult trained;
    EvaluateResult evaluated;
    try {
      stages.run(INGEST, () -> datasets.ingest(new IngestRequest(request.dataset())), IngestResult::stats);
      stages.run(VALIDATE, () -> datasets.validate(new ValidateRequest(request.dataset(), spec)),
          ValidationResult::stats);
      trained = stages.run(TRAIN, () -> training.train(new TrainRequest(request.runId(), request.dataset(), spec)),
          TrainResult::stats);
      String champion = request.champion() == null ? null : request.champion().artifactHash();
      evaluated = stages.run(EVALUATE, () -> training.evaluate(
          new EvaluateRequest(request.dataset(), spec, trained.artifactHash(), champion)), EvaluateResult::stats);
    } catch (StageFailure failure) {
      stages.skipRemaining();
      RunOutcome outcome = new RunOutcome(request.runId(), request.model(), RunOutcome.FAILED, stages.records(),
          Map.of(), null, List.of(), failure.getMessage(), null);
      return new PipelineResult(outcome, registry.recordOutcome(outcome));
    }

    List<GateResult> gates = Gates.check(spec, evaluated.metrics(), evaluated.championMetrics());
    boolean passed = Gates.allPassed(gates);
    stages.start(REGISTER);
    Registration registration = new Registration(trained.artifactHash(), trained.signature(), request.dataset(),
        spec.trainer(), spec.seed(), passed, request.keelVersion(), request.gitCommit());
    RunOutcome outcome = new RunOutcome(request.runId(), request.model(),
        passed ? RunOutcome.SUCCEEDED : RunOutcome.REJECTED, stages.records(), evaluated.metrics(),
        evaluated.championMetrics(), gates, passed ? null : failedGates(gates), registration);
    return new PipelineResult(outcome, registry.recordOutcome(outcome));
  }

  @Override
  public RunProgress progress() {
    return stages.progress();
  }

  private static String failedGates(List<GateResult> gates) {
    return "gates failed: " + String.join("; ",
        gates.stream().filter(g -> !g.passed()).map(GateResult::reason).toList());
  }
}
