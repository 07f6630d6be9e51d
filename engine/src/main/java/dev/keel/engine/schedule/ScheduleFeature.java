package dev.keel.engine.schedule;

import dev.keel.engine.lifecycle.LifecycleService;
import dev.keel.engine.models.ModelService;
import dev.keel.engine.wiring.Core;
import io.dropwizard.core.setup.Environment;
import java.util.List;

/**
 * Retraining schedules: a {@code ModelSchedule} workflow per scheduled model (started for every
 * stored schedule when the engine starts), the API, and the control activity that fires the
 * lifecycle.
 */
public final class ScheduleFeature {

  private final Core core;
  private final ModelService models;
  private final LifecycleService lifecycles;
  private final ScheduleService service;

  public ScheduleFeature(Core core, ModelService models, LifecycleService lifecycles) {
    this.core = core;
    this.models = models;
    this.lifecycles = lifecycles;
    service = new ScheduleService(core.jdbi(), core.client(), models, core.pipelineQueue());
  }

  public ScheduleService service() {
    return service;
  }

  public List<Object> activities() {
    return List.of(new ScheduleActivitiesImpl(core.client(), models, lifecycles));
  }

  /** Manages the schedules (started after the lifecycles) and registers the API. */
  public void register(Environment env) {
    env.lifecycle().manage(service);
    env.jersey().register(new ScheduleResource(service));
  }
}
