package dev.keel.workflows.reproduce;

import io.temporal.activity.ActivityInterface;

/** Store writes of a reproduction (engine side, on the control queue). */
@ActivityInterface(namePrefix = "Reproduction_")
public interface ReproductionActivities {

  /** Records the outcome of a reproduction; recording the same outcome again changes nothing. */
  void record(ReproduceResult result);
}
