package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Step caching of a model's runs: ingest, validate, sweep trials and training reuse an earlier
 * result of the same step when its inputs are identical — the dataset version (a content address),
 * the spec, the parameters, the seed and the worker's code (its Keel commit). Keel's training is
 * deterministic, so a reused result is the one the step would compute again.
 *
 * @param maxStalenessDays results older than this many days are computed again; null for any age
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CachePolicy(Integer maxStalenessDays) {

  /** Whether a result written at {@code writtenAt} may be reused at {@code now} (epoch millis). */
  public boolean fresh(long writtenAt, long now) {
    return maxStalenessDays == null
        || now - writtenAt <= java.time.Duration.ofDays(maxStalenessDays).toMillis();
  }
}
