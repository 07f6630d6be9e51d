package dev.keel.workflows.schedule;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * When a model retrains by itself: {@code cron} (five fields, read in {@code timezone}, default
 * UTC) and what a firing does while a run of the model is in flight: {@code skip} (default: the
 * firing is dropped and recorded) or {@code buffer} (one retrain follows the run, as any automatic
 * trigger does).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleSpec(String cron, String overlap, String timezone) {

  public static final String SKIP = "skip";
  public static final String BUFFER = "buffer";

  /** With defaults filled in, after {@link #check}. */
  public ScheduleSpec withDefaults() {
    return new ScheduleSpec(
        cron.trim(), overlap == null ? SKIP : overlap, timezone == null ? "UTC" : timezone);
  }

  /**
   * Checks every field; an {@link IllegalArgumentException} names it ({@code field} is its path in
   * the request, e.g. {@code schedule}).
   */
  public void check(String field) {
    try {
      Cron.parse(cron);
    } catch (IllegalArgumentException e) {
      // the message says it all; a cause would reach an Update's caller as the whole failure
      throw new IllegalArgumentException("field '" + field + ".cron': " + e.getMessage());
    }
    if (overlap != null && !SKIP.equals(overlap) && !BUFFER.equals(overlap)) {
      throw new IllegalArgumentException(
          "field '"
              + field
              + ".overlap': '"
              + overlap
              + "' is not an overlap policy; expected 'skip' or 'buffer'");
    }
    if (timezone != null) {
      try {
        ZoneId.of(timezone);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException(
            "field '"
                + field
                + ".timezone': '"
                + timezone
                + "' is not a time zone; expected a region id such as 'UTC' or 'Europe/Berlin'",
            e);
      }
    }
  }

  /** The parsed expression. */
  public Cron parsed() {
    return Cron.parse(cron);
  }

  /** The zone the expression is read in. */
  public ZoneId zone() {
    return ZoneId.of(timezone == null ? "UTC" : timezone);
  }
}
