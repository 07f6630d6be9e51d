package dev.keel.engine.lifecycle;

import dev.keel.engine.errors.DomainException;
import dev.keel.engine.errors.Kind;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Supplier;

/**
 * Turns the store's refusals ({@link DomainException}: unknown model, version not servable, nothing
 * to roll back) into non-retryable activity failures whose type names the refusal's {@link Kind}
 * ({@link Kind#failureType()}), so that a workflow does not retry what cannot succeed and the API
 * can answer with the same kind ({@link #kind}).
 */
final class ActivityErrors {

  private ActivityErrors() {}

  static <T> T refusalsAreFinal(Supplier<T> call) {
    try {
      return call.get();
    } catch (DomainException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), e.kind().failureType());
    }
  }

  /**
   * True when {@code type} is a refusal's failure type, today's or a recorded {@code
   * KeelInvalidInput.<status>}.
   */
  static boolean isRefusal(String type) {
    return Kind.ofFailureType(type).isPresent();
  }

  /**
   * The kind a failure type names, or {@link Kind#CONFLICT} (as a type that names none was always
   * read).
   */
  static Kind kind(String type) {
    return Kind.ofFailureType(type).orElse(Kind.CONFLICT);
  }
}
