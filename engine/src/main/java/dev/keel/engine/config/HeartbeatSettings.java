package dev.keel.engine.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keel.workflows.contract.PipelineActivities;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.ValidationMethod;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code worker.heartbeatTimeout}: how long a compute activity that heartbeats (training, sweep
 * trials, evaluation) may stay silent before Temporal takes it for dead and retries it on another
 * worker, from its last heartbeat. A short timeout fails over a killed worker quickly; it must stay
 * well above the longest pause between two heartbeats (a worker beats at least every third of it,
 * and at most every 10 s).
 *
 * <pre>
 * worker:
 *   heartbeatTimeout:
 *     default: 60s           # every activity type below unless named
 *     activities:
 *       TrainingTrain: 30s
 * </pre>
 *
 * <p>Applied by the process that runs the pipeline workflows, as per-activity-type options of their
 * workflow implementations (a timeout is not part of a workflow's decisions, so running workflows
 * replay unchanged).
 */
public class HeartbeatSettings {

  @JsonProperty("default")
  private Duration defaultTimeout = Duration.minutes(1);

  /** Per activity type, e.g. {@code TrainingTrain}; see {@link PipelineActivities#HEARTBEATING}. */
  @JsonProperty private Map<String, Duration> activities = new LinkedHashMap<>();

  public HeartbeatSettings() {}

  public HeartbeatSettings(Duration defaultTimeout, Map<String, Duration> activities) {
    this.defaultTimeout = defaultTimeout;
    this.activities = new LinkedHashMap<>(activities);
  }

  /**
   * The timeout of every activity type that heartbeats; {@link IllegalArgumentException} naming a
   * setting that is not positive or an activity type that does not heartbeat.
   */
  public Map<String, java.time.Duration> byActivityType() {
    Map<String, java.time.Duration> timeouts = new TreeMap<>();
    for (String type : PipelineActivities.HEARTBEATING) {
      timeouts.put(type, positive("worker.heartbeatTimeout.default", defaultTimeout));
    }
    activities.forEach(
        (type, timeout) -> {
          if (!PipelineActivities.HEARTBEATING.contains(type)) {
            throw new IllegalArgumentException(
                "worker.heartbeatTimeout.activities: '"
                    + type
                    + "' is not an activity "
                    + "type that heartbeats; expected one of "
                    + PipelineActivities.HEARTBEATING);
          }
          timeouts.put(type, positive("worker.heartbeatTimeout.activities." + type, timeout));
        });
    return timeouts;
  }

  /**
   * For {@code keel check}: the same rules {@link #byActivityType} applies when a worker starts.
   */
  @JsonIgnore
  @ValidationMethod(
      message =
          "worker.heartbeatTimeout may name only activity types that heartbeat (TrainingTrain, TrainingTrial, "
              + "TrainingEvaluate), each with a timeout of at least 1 second")
  public boolean isNamingHeartbeatingTypesWithPositiveTimeouts() {
    try {
      byActivityType();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static java.time.Duration positive(String setting, Duration timeout) {
    if (timeout == null || timeout.toMilliseconds() < 1000) {
      throw new IllegalArgumentException(
          setting + " is " + timeout + ", expected at least 1 second");
    }
    return timeout.toJavaDuration();
  }
}
