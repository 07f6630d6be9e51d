package dev.keel.engine.mlflow;

import dev.keel.engine.mlflow.MlflowViews.KeyValue;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Validation of tracking requests, failing with INVALID_PARAMETER_VALUE: required fields, ids, view
 * types and MLflow's limits on lengths and counts ({@link Limit}), each checked by the one {@link
 * Limit#check} helper.
 */
final class TrackingChecks {

  /**
   * A bound MLflow puts on a length or a count: {@code max}, and the message of a value outside 0
   * to {@code max} as a {@link String#format} pattern with the bound as {@code %1$d}, the value
   * found as {@code %2$d} and what it is about (a key, a field) from {@code %3$s} on.
   */
  record Limit(long max, String message) {

    static final Limit BATCH_METRICS =
        new Limit(
            1000, "A batch logging request can contain at most %1$d metrics. Got %2$d metrics.");
    static final Limit BATCH_PARAMS =
        new Limit(100, "A batch logging request can contain at most %1$d params. Got %2$d params.");
    static final Limit BATCH_TAGS =
        new Limit(100, "A batch logging request can contain at most %1$d tags. Got %2$d tags.");
    static final Limit BATCH_ITEMS =
        new Limit(
            1000,
            "A batch logging request can contain at most %1$d metrics, params and tags in total. Got %2$d.");

    /**
     * Subject: what the key belongs to ({@code metrics}, {@code params}, {@code tags}), the key's
     * start.
     */
    static final Limit KEY =
        new Limit(
            250, "%3$s key '%4$s…' has length %2$d, which exceeds the limit of %1$d characters");

    /** Subject: the param's key. */
    static final Limit PARAM_VALUE =
        new Limit(
            6000,
            "Param value for key '%3$s' has length %2$d, which exceeds the limit of %1$d characters");

    /** Subject: the tag's key. */
    static final Limit TAG_VALUE =
        new Limit(
            5000,
            "Tag value for key '%3$s' has length %2$d, which exceeds the limit of %1$d characters");

    /**
     * Run ids are 32 hexadecimal characters; far longer text is no run id. Subject: the id's start.
     */
    static final Limit RUN_ID =
        new Limit(256, "run_id '%3$s…' has length %2$d; run ids have at most %1$d characters");

    /** The page size a search accepts. */
    static Limit maxResults(long max) {
      return new Limit(max, "max_results %2$d is out of range; expected 1 to %1$d");
    }

    /**
     * Fails when {@code actual} is below 0 or above {@link #max}; {@code subject} fills the
     * message.
     */
    void check(long actual, Object... subject) {
      if (actual < 0 || actual > max) {
        Object[] args = new Object[subject.length + 2];
        args[0] = max;
        args[1] = actual;
        System.arraycopy(subject, 0, args, 2, subject.length);
        throw MlflowException.invalid(String.format(Locale.ROOT, message, args));
      }
    }
  }

  static final Set<String> STATUSES =
      Set.of("RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED");

  private TrackingChecks() {}

  static void required(String name, String value) {
    if (value == null || value.isBlank()) {
      throw MlflowException.invalid("Missing value for required parameter '" + name + "'");
    }
  }

  static long experimentId(String experimentId) {
    required("experiment_id", experimentId);
    try {
      return Long.parseLong(experimentId.trim());
    } catch (NumberFormatException e) {
      throw MlflowException.invalid(
          "experiment_id '" + experimentId + "' is not an experiment id (a number)");
    }
  }

  static Long[] experimentIds(List<String> experimentIds) {
    if (experimentIds == null || experimentIds.isEmpty()) {
      throw MlflowException.invalid("Missing value for required parameter 'experiment_ids'");
    }
    return experimentIds.stream()
        .map(
            id -> {
              try {
                return Long.parseLong(id.trim());
              } catch (NumberFormatException e) {
                throw MlflowException.invalid(
                    "experiment_ids: '" + id + "' is not an experiment id (a number)");
              }
            })
        .toArray(Long[]::new);
  }

  static void runId(String runId) {
    required("run_id", runId);
    Limit.RUN_ID.check(runId.length(), head(runId));
  }

  static void status(String status) {
    if (status != null && !STATUSES.contains(status)) {
      throw MlflowException.invalid(
          "status '"
              + status
              + "' is not a run status; expected one of "
              + STATUSES.stream().sorted().toList());
    }
  }

  /** A metric, param or tag key: present, and no longer than MLflow allows. */
  static void key(String what, String key) {
    if (key == null || key.isEmpty()) {
      throw MlflowException.invalid("Missing value for required parameter 'key' in " + what);
    }
    Limit.KEY.check(key.length(), what, head(key));
  }

  static void tags(List<KeyValue> tags) {
    for (KeyValue tag : tags) {
      key("tags", tag.key());
      Limit.TAG_VALUE.check(valueOf(tag).length(), tag.key());
    }
  }

  static void params(List<KeyValue> params) {
    for (KeyValue param : params) {
      key("params", param.key());
      Limit.PARAM_VALUE.check(valueOf(param).length(), param.key());
    }
  }

  /** A tag's or param's value; none is the empty string. */
  static String valueOf(KeyValue kv) {
    return kv.value() == null ? "" : kv.value();
  }

  /** The lifecycle stages a {@code view_type} (given in {@code field}) selects. */
  static String[] stages(String viewType, String field) {
    if (viewType == null
        || viewType.isBlank()
        || viewType.equals("ACTIVE_ONLY")
        || viewType.equals("1")) {
      return new String[] {"active"};
    }
    return switch (viewType) {
      case "DELETED_ONLY", "2" -> new String[] {"deleted"};
      case "ALL", "3" -> new String[] {"active", "deleted"};
      default ->
          throw MlflowException.invalid(
              field
                  + " '"
                  + viewType
                  + "' is not a view type; expected ACTIVE_ONLY, DELETED_ONLY or ALL");
    };
  }

  /** A requested page size: {@code fallback} for none (or 0), else 1 to {@code max}. */
  static long maxResults(Long requested, long fallback, long max) {
    if (requested == null || requested == 0) {
      return fallback;
    }
    Limit.maxResults(max).check(requested);
    return requested;
  }

  /** The start of a text too long to quote whole in a message. */
  private static String head(String text) {
    return text.substring(0, Math.min(20, text.length()));
  }
}
