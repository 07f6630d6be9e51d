package dev.keel.workflows.lifecycle;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Monitoring checks, run by the engine's control worker (it reads the prediction log). */
@ActivityInterface(namePrefix = "Monitor")
public interface MonitorActivities {

  /**
   * Compares the recent window of the model's logged inputs with the training profile of the
   * champion's dataset and checks live accuracy against the policy; stores the report and exports
   * its figures to Prometheus.
   */
  @ActivityMethod
  MonitorCheck check(String model);
}
