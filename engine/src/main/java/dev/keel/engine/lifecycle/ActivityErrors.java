package dev.keel.engine.lifecycle;

import dev.keel.engine.api.ApiException;
import dev.keel.workflows.training.PipelineActivities;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Supplier;

/**
 * Turns the store's refusals ({@link ApiException}: unknown model, version not servable, nothing to roll back) into
 * non-retryable activity failures whose type keeps the HTTP status, so that a workflow does not retry what cannot
 * succeed and the API can answer with the same status.
 */
final class ActivityErrors {

  static final String PREFIX = PipelineActivities.INVALID_INPUT + ".";

  private ActivityErrors() {}

  static <T> T refusalsAreFinal(Supplier<T> call) {
    try {
      return call.get();
    } catch (ApiException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), PREFIX + e.status());
    }
  }

  /** The HTTP status a failure type carries, or 409. */
  static int status(String type) {
    if (type != null && type.startsWith(PREFIX)) {
      try {
        return Integer.parseInt(type.substring(PREFIX.length()));
      } catch (NumberFormatException ignored) {
        // fall through
      }
    }
    return 409;
  }
}
