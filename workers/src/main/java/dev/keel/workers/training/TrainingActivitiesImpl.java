package dev.keel.workers.training;

import dev.keel.ml.artifacts.ArtifactStore;
import dev.keel.ml.data.DatasetLoader;
import dev.keel.ml.data.Table;
import dev.keel.ml.training.Algorithms;
import dev.keel.ml.training.Evaluation;
import dev.keel.ml.training.ModelArtifacts;
import dev.keel.ml.training.TrainingData;
import dev.keel.workers.cache.StepCache;
import dev.keel.workflows.contract.ActivityStats;
import dev.keel.workflows.contract.EvaluateRequest;
import dev.keel.workflows.contract.EvaluateResult;
import dev.keel.workflows.contract.ModelSpec;
import dev.keel.workflows.contract.PipelineActivities;
import dev.keel.workflows.contract.TrainRequest;
import dev.keel.workflows.contract.TrainResult;
import dev.keel.workflows.contract.TrainingActivities;
import dev.keel.workflows.contract.TrialRequest;
import dev.keel.workflows.contract.TrialResult;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import java.util.function.Supplier;
import org.tribuo.Model;

/**
 * Trains with Tribuo and scores on the deterministic holdout. Bad input (an unknown algorithm or
 * parameter, a target that does not fit, a missing or corrupt artifact) is a non-retryable {@link
 * PipelineActivities#INVALID_INPUT} failure whose single detail is the attempt number.
 */
public class TrainingActivitiesImpl implements TrainingActivities {

  private final ModelArtifacts artifacts;
  private final DatasetLoader loader;
  private final StepCache cache;

  /** Without step caching. */
  public TrainingActivitiesImpl(ArtifactStore store, DatasetLoader loader) {
    this(store, loader, StepCache.OFF);
  }

  public TrainingActivitiesImpl(ArtifactStore store, DatasetLoader loader, StepCache cache) {
    this.artifacts = new ModelArtifacts(store);
    this.loader = loader;
    this.cache = cache;
  }

  @Override
  public TrainResult train(TrainRequest request) {
    Progress progress = Progress.current();
    long start = System.nanoTime();
    return cache.get(
        "train",
        request.cache(),
        Map.of("dataset", request.dataset(), "spec", request.spec()),
        TrainResult.class,
        r -> cache.intact(request.dataset().version(), r.artifactHash()),
        r ->
            new TrainResult(
                r.artifactHash(),
                r.signature(),
                r.trainRows(),
                r.holdoutRows(),
                new ActivityStats(elapsedMillis(start), progress.attempt(), true)),
        r ->
            request.spec().schema() != null
                ? null
                : Map.of(
                    "dataset", request.dataset(), "spec", request.spec().withSchema(r.signature())),
        () -> computeTrain(request, progress, start));
  }

  private TrainResult computeTrain(TrainRequest request, Progress progress, long start) {
    return guarded(
        progress,
        () -> {
          ModelSpec spec = request.spec();
          Algorithms.trainer(
              spec); // rejects an unknown algorithm or parameter before any data is read
          Table table =
              progress.during("loading " + request.dataset(), () -> loader.load(request.dataset()));
          TrainingData<?> data =
              progress.during("preparing examples", () -> TrainingData.of(table, spec));
          Model<?> model =
              progress.during(
                  "training " + spec.trainer().algorithm() + " on " + data.train().size() + " rows",
                  () -> data.fit(spec, request.dataset().toString()));
          String address = progress.during("storing model", () -> artifacts.put(model));
          return new TrainResult(
              address,
              data.features(),
              data.train().size(),
              data.holdout().size(),
              new ActivityStats(elapsedMillis(start), progress.attempt()));
        });
  }

  @Override
  public TrialResult trial(TrialRequest request) {
    Progress progress = Progress.current();
    long start = System.nanoTime();
    return cache.get(
        "trial",
        request.cache(),
        Map.of(
            "dataset", request.dataset(),
            "spec", request.spec(),
            "metric", request.metric(),
            "validationFraction", request.validationFraction()),
        TrialResult.class,
        r -> cache.intact(request.dataset().version()),
        r ->
            new TrialResult(
                r.metrics(),
                r.value(),
                r.trainRows(),
                r.validationRows(),
                new ActivityStats(elapsedMillis(start), progress.attempt(), true)),
        r ->
            request.spec().schema() != null
                ? null
                : Map.of(
                    "dataset", request.dataset(),
                    "spec",
                        request
                            .spec()
                            .withSchema(
                                dev.keel.ml.data.ModelColumns.features(
                                    loader.load(request.dataset()).specs(), request.spec())),
                    "metric", request.metric(),
                    "validationFraction", request.validationFraction()),
        () -> computeTrial(request, progress, start));
  }

  private TrialResult computeTrial(TrialRequest request, Progress progress, long start) {
    return guarded(
        progress,
        () -> {
          ModelSpec spec = request.spec();
          Algorithms.trainer(
              spec); // an unknown parameter or a bad value fails the trial before any data is read
          TrainingData<?> split =
              TrainingData.of(
                      progress.during(
                          "loading " + request.dataset(), () -> loader.load(request.dataset())),
                      spec)
                  .validationSplit(request.validationFraction(), spec.seed());
          Model<?> model =
              progress.during(
                  "trial "
                      + request.trial()
                      + ": training "
                      + spec.trainer().algorithm()
                      + " on "
                      + split.train().size()
                      + " rows",
                  () -> split.fit(spec, request.dataset().toString()));
          Map<String, Double> metrics =
              progress.during(
                  "trial " + request.trial() + ": scoring " + split.holdout().size() + " rows",
                  () -> Evaluation.score(model, split.holdout(), spec));
          Double value = metrics.get(request.metric());
          if (value == null || value.isNaN()) {
            throw new IllegalArgumentException(
                "the trial's model gives no '"
                    + request.metric()
                    + "' on the validation "
                    + "split; it has "
                    + metrics.keySet());
          }
          return new TrialResult(
              metrics,
              value,
              split.train().size(),
              split.holdout().size(),
              new ActivityStats(elapsedMillis(start), progress.attempt()));
        });
  }

  @Override
  public EvaluateResult evaluate(EvaluateRequest request) {
    Progress progress = Progress.current();
    long start = System.nanoTime();
    return guarded(
        progress,
        () -> {
          ModelSpec spec = request.spec();
          Table table =
              progress.during("loading " + request.dataset(), () -> loader.load(request.dataset()));
          TrainingData<?> data =
              progress.during("preparing examples", () -> TrainingData.of(table, spec));
          // every long phase heartbeats: scoring a large holdout outlasts a heartbeat timeout
          String phase =
              "scoring candidate "
                  + request.candidateArtifact()
                  + " on "
                  + data.holdout().size()
                  + " rows";
          Model<?> candidate =
              progress.during(phase, () -> artifacts.get(request.candidateArtifact()));
          Map<String, Double> metrics;
          try {
            metrics =
                progress.during(phase, () -> Evaluation.score(candidate, data.holdout(), spec));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                "candidate " + request.candidateArtifact() + " cannot be scored: " + e.getMessage(),
                e);
          }
          Map<String, Double> championMetrics = null;
          String championError = null;
          if (request.championArtifact() != null) {
            try {
              championMetrics =
                  progress.during(
                      "scoring champion " + request.championArtifact(),
                      () -> {
                        Model<?> champion = artifacts.get(request.championArtifact());
                        String missing = Evaluation.missingInputs(champion, table);
                        if (missing != null) {
                          throw new IllegalArgumentException(missing);
                        }
                        return Evaluation.score(
                            champion, data.holdoutWithAllColumns(table, spec.target()), spec);
                      });
            } catch (RuntimeException e) {
              championError =
                  "champion "
                      + request.championArtifact()
                      + " cannot be scored on "
                      + request.dataset()
                      + ": "
                      + e.getMessage();
            }
          }
          return new EvaluateResult(
              metrics,
              championMetrics,
              championError,
              new ActivityStats(elapsedMillis(start), progress.attempt()));
        });
  }

  private static <V> V guarded(Progress progress, Supplier<V> work) {
    try {
      return work.get();
    } catch (IllegalArgumentException
        | ArtifactStore.ArtifactNotFoundException
        | ArtifactStore.ArtifactCorruptException
        | ArtifactStore.ArtifactErasedException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), PipelineActivities.INVALID_INPUT, progress.attempt());
    }
  }

  private static long elapsedMillis(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
