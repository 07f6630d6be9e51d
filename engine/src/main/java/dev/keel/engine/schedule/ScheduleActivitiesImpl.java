package dev.keel.engine.schedule;

import dev.keel.engine.lifecycle.LifecycleService;
import dev.keel.engine.models.ModelService;
import dev.keel.workflows.lifecycle.ModelLifecycle;
import dev.keel.workflows.schedule.ScheduleActivities;
import dev.keel.workflows.schedule.ScheduledFiring;
import io.temporal.client.WorkflowClient;

/** Hands a schedule's firings to the model's lifecycle, starting it first if it is not running. */
public final class ScheduleActivitiesImpl implements ScheduleActivities {

  private final WorkflowClient client;
  private final ModelService models;
  private final LifecycleService lifecycles;

  public ScheduleActivitiesImpl(
      WorkflowClient client, ModelService models, LifecycleService lifecycles) {
    this.client = client;
    this.models = models;
    this.lifecycles = lifecycles;
  }

  @Override
  public void fire(ScheduledFiring firing) {
    lifecycles.ensureLifecycle(models.row(firing.model()));
    client
        .newWorkflowStub(ModelLifecycle.class, ModelLifecycle.workflowId(firing.model()))
        .scheduled(firing);
  }
}
