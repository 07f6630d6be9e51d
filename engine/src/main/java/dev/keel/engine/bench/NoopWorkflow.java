package dev.keel.engine.bench;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
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
}
