package dev.keel.engine.temporal;

import dev.keel.engine.config.WorkerSettings;
import dev.keel.ml.artifacts.ArtifactStore;
import dev.keel.ml.data.DatasetLoader;
import dev.keel.workers.cache.StepCache;
import dev.keel.workers.data.DataCheckActivitiesImpl;
import dev.keel.workers.data.DatasetActivitiesImpl;
import dev.keel.workers.training.TrainingActivitiesImpl;
import dev.keel.workflows.contract.TaskQueues;
import dev.keel.workflows.erasure.ErasureWorkflowImpl;
import dev.keel.workflows.lifecycle.ModelLifecycleImpl;
import dev.keel.workflows.lifecycle.ModelMonitorImpl;
import dev.keel.workflows.release.ReleasePipelineImpl;
import dev.keel.workflows.reproduce.ReproduceWorkflowImpl;
import dev.keel.workflows.retention.RetentionWorkflowImpl;
import dev.keel.workflows.training.TrainingPipelineImpl;
import dev.keel.workflows.webhooks.WebhookDeliveryImpl;
import io.dropwizard.lifecycle.Managed;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The Temporal workers of one Keel process. Which roles it plays is chosen at wiring time: the
 * engine runs the control role (store writes); a worker process runs pipelines and compute;
 * developer mode runs all of them.
 */
public final class KeelWorkers implements Managed {

  private final WorkerFactory factory;
  private final List<String> queues = new ArrayList<>();

  private KeelWorkers(WorkerFactory factory) {
    this.factory = factory;
  }

  /**
   * Starts building the workers of a process. {@code devServer} disables sticky queues (see
   * DESIGN.md).
   */
  public static Builder builder(WorkflowClient client, boolean devServer) {
    return new Builder(client, devServer);
  }

  public List<String> queues() {
    return List.copyOf(queues);
  }

  @Override
  public void start() {
    factory.start();
  }

  @Override
  public void stop() {
    factory.shutdown();
    factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
  }

  /** Chooses the roles of this process's workers. */
  public static final class Builder {
    private final WorkerFactory factory;
    private final KeelWorkers workers;
    private final boolean devServer;

    private Builder(WorkflowClient client, boolean devServer) {
      this.factory = WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder().build());
      this.workers = new KeelWorkers(factory);
      this.devServer = devServer;
    }

    private Worker worker(String queue, int maxActivities) {
      WorkerOptions.Builder options =
          WorkerOptions.newBuilder().setMaxConcurrentActivityExecutionSize(maxActivities);
      if (devServer) {
        // the test server never times out sticky queues: a killed worker would strand its workflows
        // there
        options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
      }
      workers.queues.add(queue);
      return factory.newWorker(queue, options.build());
    }

    /**
     * Store-writing activities (registry, deployments, lifecycle, monitoring, imports of released
     * versions), on {@link TaskQueues#CONTROL}.
     */
    public Builder control(Object... activities) {
      worker(TaskQueues.CONTROL, 16).registerActivitiesImplementations(activities);
      return this;
    }

    /** Pipeline workflows: Keel's and the configured user-defined ones. */
    public Builder pipelines(WorkerSettings settings) {
      Worker worker = worker(settings.getPipelineQueue(), 1);
      WorkflowImplementationOptions options = implementationOptions(settings);
      worker.registerWorkflowImplementationTypes(
          options,
          TrainingPipelineImpl.class,
          ReleasePipelineImpl.class,
          ModelLifecycleImpl.class,
          ModelMonitorImpl.class,
          dev.keel.workflows.schedule.ModelScheduleImpl.class,
          ReproduceWorkflowImpl.class,
          RetentionWorkflowImpl.class,
          ErasureWorkflowImpl.class,
          WebhookDeliveryImpl.class);
      for (String name : settings.getExtraWorkflows()) {
        worker.registerWorkflowImplementationTypes(options, loadWorkflow(name));
      }
      return this;
    }

    /**
     * Per-activity-type options of the pipeline workflows: the configured heartbeat timeouts. They
     * override the stubs' own options field by field ({@code
     * ActivityOptions.mergeActivityOptions}).
     */
    static WorkflowImplementationOptions implementationOptions(WorkerSettings settings) {
      Map<String, ActivityOptions> byType = new HashMap<>();
      settings
          .getHeartbeatTimeout()
          .byActivityType()
          .forEach(
              (type, timeout) ->
                  byType.put(
                      type, ActivityOptions.newBuilder().setHeartbeatTimeout(timeout).build()));
      return WorkflowImplementationOptions.newBuilder().setActivityOptions(byType).build();
    }

    /** Compute activities, on each configured compute queue. */
    public Builder compute(WorkerSettings settings, ArtifactStore store) {
      DatasetLoader loader = new DatasetLoader(store);
      // one cache per worker process, keyed by the commit this worker was built from
      StepCache cache = StepCache.of(store, dev.keel.engine.BuildInfo.load().gitCommit());
      for (String queue : settings.getComputeQueues()) {
        worker(queue, settings.getMaxConcurrentActivities())
            .registerActivitiesImplementations(
                new DatasetActivitiesImpl(loader, cache),
                new TrainingActivitiesImpl(store, loader, cache),
                new DataCheckActivitiesImpl(loader));
      }
      return this;
    }

    public KeelWorkers build() {
      return workers;
    }

    private static Class<?> loadWorkflow(String name) {
      try {
        return Class.forName(name);
      } catch (ClassNotFoundException e) {
        throw new IllegalArgumentException(
            "worker.extraWorkflows: class '" + name + "' is not on the class path", e);
      }
    }
  }
}
