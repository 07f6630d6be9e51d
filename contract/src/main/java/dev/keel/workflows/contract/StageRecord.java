package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One stage of a run as the API shows it. Times are epoch milliseconds from workflow time.
 *
 * @param status the name of a {@link StageStatus} (a string, so that a status added later still
 *     deserialises)
 * @param attempts the activity attempt that finished the stage (1 when it worked the first time)
 * @param activityMillis time spent inside the activity itself, when known
 * @param detail what the stage is doing or did, in a few words (a sweep's trial counts), or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StageRecord(
    String name,
    String status,
    Long startedAt,
    Long endedAt,
    int attempts,
    Long activityMillis,
    String detail) {

  public StageRecord(
      String name, String status, Long startedAt, Long endedAt, int attempts, Long activityMillis) {
    this(name, status, startedAt, endedAt, attempts, activityMillis, null);
  }

  public static final String PENDING = StageStatus.PENDING.name();
  public static final String RUNNING = StageStatus.RUNNING.name();
  public static final String SUCCEEDED = StageStatus.SUCCEEDED.name();
  public static final String FAILED = StageStatus.FAILED.name();
  public static final String SKIPPED = StageStatus.SKIPPED.name();
  public static final String CACHED = StageStatus.CACHED.name();
}
