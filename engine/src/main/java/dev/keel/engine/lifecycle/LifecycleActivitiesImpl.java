package dev.keel.engine.lifecycle;

import static dev.keel.engine.lifecycle.ActivityErrors.refusalsAreFinal;

import dev.keel.engine.errors.Conflict;
import dev.keel.engine.metrics.KeelMetrics;
import dev.keel.engine.models.ModelRow;
import dev.keel.engine.models.ModelService;
import dev.keel.engine.runs.DataChecks;
import dev.keel.engine.runs.RunDao;
import dev.keel.engine.runs.RunService;
import dev.keel.engine.serving.DeploymentService;
import dev.keel.workflows.lifecycle.LifecycleActivities;
import dev.keel.workflows.lifecycle.LifecycleEvent;
import dev.keel.workflows.lifecycle.PreparedRun;
import dev.keel.workflows.lifecycle.RollbackRequest;
import dev.keel.workflows.lifecycle.RollbackResult;
import dev.keel.workflows.lifecycle.Trigger;
import org.jdbi.v3.core.Jdbi;

/** The store side of model lifecycles: run preparation, the timeline, rollbacks. */
public final class LifecycleActivitiesImpl implements LifecycleActivities {

  private final Jdbi jdbi;
  private final RunService runs;
  private final ModelService models;
  private final DeploymentService deployments;
  private final LifecycleService lifecycles;
  private final KeelMetrics metrics;

  public LifecycleActivitiesImpl(
      Jdbi jdbi,
      RunService runs,
      ModelService models,
      DeploymentService deployments,
      LifecycleService lifecycles,
      KeelMetrics metrics) {
    this.jdbi = jdbi;
    this.runs = runs;
    this.models = models;
    this.deployments = deployments;
    this.lifecycles = lifecycles;
    this.metrics = metrics;
  }

  @Override
  public PreparedRun prepareRun(String model, Trigger trigger, String runKey) {
    String actor = trigger.actor() != null ? trigger.actor() : "lifecycle:" + trigger.kind();
    if (trigger.restartOf() != null) {
      return refusalsAreFinal(() -> runs.prepareRestart(trigger.restartOf(), runKey, actor).run());
    }
    PreparedRun run =
        refusalsAreFinal(
            () ->
                runs.prepare(model, datasetFor(model, trigger), runKey, actor, !trigger.replacing())
                    .run());
    return DataChecks.attach(run, models.row(model), models.champion(model), trigger);
  }

  /**
   * The trigger's dataset version; else the newest version of the dataset the model names, of the
   * champion's dataset, or of the dataset of the model's latest run.
   */
  private String datasetFor(String model, Trigger trigger) {
    if (trigger.dataset() != null) {
      return trigger.dataset().name() + "@" + trigger.dataset().version();
    }
    ModelRow row = models.row(model);
    if (row.definition().dataset() != null) {
      return row.definition().dataset();
    }
    return models
        .champion(model)
        .map(v -> v.lineage().dataset().name())
        .or(() -> jdbi.withExtension(RunDao.class, dao -> dao.latestDataset(model)))
        .orElseThrow(
            () ->
                new Conflict(
                    "model '"
                        + model
                        + "' names no dataset and has never been trained: retrain it with a dataset"));
  }

  @Override
  public void recordEvent(String model, LifecycleEvent event) {
    lifecycles.record(model, event);
    metrics.lifecycleEvents.labels(model, event.kind()).inc();
  }

  @Override
  public RollbackResult planRollback(String model, RollbackRequest request) {
    int[] plan = refusalsAreFinal(() -> deployments.rollbackPlan(model, request.version()));
    return new RollbackResult(model, plan[0], plan[1]);
  }

  @Override
  public RollbackResult rollback(String model, RollbackResult plan, RollbackRequest request) {
    refusalsAreFinal(
        () -> deployments.rollback(model, plan.to(), request.actor(), request.reason()));
    return plan;
  }
}
