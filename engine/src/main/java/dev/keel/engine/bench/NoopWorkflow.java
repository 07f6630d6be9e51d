package dev.keel.engine.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/** The benchmark's baseline: a workflow that runs one activity that does nothing. */
@WorkflowInterface
public interface NoopWorkflow {

  String QUEUE = "keel-bench";

  @WorkflowMethod(name = "KeelBenchNoop")
  String run(String input);

  /** The activity of the baseline. */
  @ActivityInterface(namePrefix = "KeelBench")
  interface Noop {
    String echo(String input);
  }

  /** One activity call, nothing else. */
  class Impl implements NoopWorkflow {
    private final Noop noop =
        Workflow.newActivityStub(
            Noop.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());

    @Override
    public String run(String input) {
      return noop.echo(input);
    }
  }

  /** A client of {@code target} and a worker of the baseline on it, until closed. */
  final class Server implements AutoCloseable {
    private final WorkflowServiceStubs stubs;
    private final WorkerFactory factory;

    public Server(String target) {
      stubs =
          WorkflowServiceStubs.newServiceStubs(
              WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
      factory = WorkerFactory.newInstance(WorkflowClient.newInstance(stubs));
      Worker worker =
          factory.newWorker(
              QUEUE,
              WorkerOptions.newBuilder()
                  .setStickyQueueScheduleToStartTimeout(Duration.ZERO)
                  .build());
      worker.registerWorkflowImplementationTypes(Impl.class);
      worker.registerActivitiesImplementations((Noop) input -> input);
      factory.start();
    }

    /** A new baseline workflow, not yet started. */
    public NoopWorkflow workflow(String id) {
      return factory
          .getWorkflowClient()
          .newWorkflowStub(
              NoopWorkflow.class,
              WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(id).build());
    }

    @Override
    public void close() {
      factory.shutdown(); // lets the pollers end their calls, which shutdownNow makes them log
      factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
      stubs.shutdownNow();
    }
  }
}
