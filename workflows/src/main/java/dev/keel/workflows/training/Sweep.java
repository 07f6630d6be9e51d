package dev.keel.workflows.training;

import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.PipelineActivities;
import dev.keel.workflows.contract.PipelineRequest;
import dev.keel.workflows.contract.SweepSpec;
import dev.keel.workflows.contract.SweepSummary;
import dev.keel.workflows.contract.TrackingActivities;
import dev.keel.workflows.contract.TrainingActivities;
import dev.keel.workflows.contract.TrialRecord;
import dev.keel.workflows.contract.TrialRequest;
import dev.keel.workflows.contract.TrialResult;
import dev.keel.workflows.training.PipelineStages.StageFailure;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;

/**
 * A pipeline's hyperparameter sweep, run from workflow code: the planned trials as parallel
 * activities on the compute workers, at most {@code concurrency} at once, each recorded as a nested
 * tracking run. A trial that fails is recorded and counted; the sweep fails only when every trial
 * does. Completed trials are in the workflow's history, so a worker lost mid-sweep costs only the
 * trials that were running.
 */
final class Sweep {

  /** The stage a sweep runs as, between validate and train. */
  static final String STAGE = "sweep";

  /** The tuned spec (the best trial's parameters, no sweep) and what the sweep decided. */
  record Result(ModelSpec spec, SweepSummary summary) {}

  private record Trial(int number, Map<String, String> params, TrialResult result, String error) {
    boolean finished() {
      return result != null;
    }
  }

  private static final Logger LOG = Workflow.getLogger(Sweep.class);

  private final PipelineRequest request;
  private final TrainingActivities training;
  private final TrackingActivities tracking;
  private final PipelineStages stages;
  private final List<Trial> done = new ArrayList<>();
  private int running;

  Sweep(PipelineRequest request, TrainingActivities training, PipelineStages stages) {
    this.request = request;
    this.training = training;
    this.tracking =
        PipelineActivities.control(TrackingActivities.class, java.time.Duration.ofSeconds(30));
    this.stages = stages;
  }

  /** Runs the sweep as stage {@link #STAGE}; a {@link StageFailure} when every trial failed. */
  Result run() {
    ModelSpec spec = request.spec();
    SweepSpec sweep = spec.sweep();
    String metric = sweep.metric() == null ? spec.primaryMetric() : sweep.metric();
    List<Map<String, String>> plan = SweepPlan.trials(sweep);
    stages.start(STAGE);
    detail(plan.size(), metric);
    List<Promise<Trial>> inflight = new ArrayList<>();
    for (int i = 0; i < plan.size(); i++) {
      while (inflight.size() >= Math.max(1, sweep.concurrency())) {
        Promise.anyOf(inflight).get();
        inflight.removeIf(Promise::isCompleted);
      }
      int number = i + 1;
      Map<String, String> params = plan.get(i);
      running++;
      inflight.add(
          Async.function(
              () -> trial(number, params, spec, metric, sweep.validationFraction(), plan.size())));
    }
    Promise.allOf(inflight).get();

    List<Trial> finished = done.stream().filter(Trial::finished).toList();
    int failed = done.size() - finished.size();
    if (finished.isEmpty()) {
      stages.end(STAGE, false);
      Trial first = done.stream().min(Comparator.comparingInt(Trial::number)).orElseThrow();
      throw new StageFailure(
          STAGE,
          "all "
              + done.size()
              + " trials failed; trial "
              + first.number()
              + " "
              + first.params()
              + ": "
              + first.error(),
          null);
    }
    Comparator<Trial> byValue = Comparator.comparingDouble(t -> t.result().value());
    if (ModelSpec.higherIsBetter(metric)) {
      byValue = byValue.reversed();
    }
    Trial best =
        finished.stream().sorted(byValue.thenComparingInt(Trial::number)).findFirst().orElseThrow();
    stages.end(STAGE, true);
    return new Result(
        spec.withTrainerParams(best.params()),
        new SweepSummary(
            sweep.strategy(),
            metric,
            best.number(),
            best.params(),
            best.result().value(),
            finished.size(),
            failed));
  }

  private Trial trial(
      int number,
      Map<String, String> params,
      ModelSpec spec,
      String metric,
      double validationFraction,
      int planned) {
    long started = Workflow.currentTimeMillis();
    ModelSpec trialSpec = spec.withTrainerParams(params);
    Trial trial;
    try {
      TrialResult result =
          training.trial(
              new TrialRequest(
                  request.runId(),
                  number,
                  request.dataset(),
                  trialSpec,
                  metric,
                  validationFraction,
                  request.cache()));
      trial = new Trial(number, params, result, null);
    } catch (ActivityFailure failure) {
      trial = new Trial(number, params, null, PipelineStages.messageOf(failure));
    }
    try {
      tracking.recordTrial(
          new TrialRecord(
              request.runId(),
              request.model(),
              number,
              trialSpec.trainer().algorithm(),
              trialSpec.trainer().params(),
              trial.finished() ? TrialRecord.FINISHED : TrialRecord.FAILED,
              trial.finished() ? trial.result().metrics() : Map.of(),
              trial.error(),
              started,
              Workflow.currentTimeMillis()));
    } catch (ActivityFailure failure) {
      // tracking is a record of the sweep, not part of it: the trial still counts
      LOG.warn(
          "trial {} of run {} was not tracked: {}",
          number,
          request.runId(),
          PipelineStages.messageOf(failure));
    }
    running--;
    done.add(trial);
    detail(planned, metric);
    return trial;
  }

  private void detail(int planned, String metric) {
    long finished = done.stream().filter(Trial::finished).count();
    StringBuilder text =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%d of %d trials done: %d finished, %d failed, %d running",
                done.size(),
                planned,
                finished,
                done.size() - finished,
                running));
    long cached =
        done.stream()
            .filter(t -> t.finished() && t.result().stats() != null && t.result().stats().reused())
            .count();
    if (cached > 0) {
      text.append(String.format(Locale.ROOT, " (%d cached)", cached));
    }
    boolean higher = ModelSpec.higherIsBetter(metric);
    done.stream()
        .filter(Trial::finished)
        .min(
            Comparator.comparingDouble(
                    (Trial t) -> higher ? -t.result().value() : t.result().value())
                .thenComparingInt(Trial::number))
        .ifPresent(
            b ->
                text.append(
                    String.format(
                        Locale.ROOT,
                        "; best %s %.4f (trial %d)",
                        metric,
                        b.result().value(),
                        b.number())));
    stages.detail(STAGE, text.toString());
  }
}
