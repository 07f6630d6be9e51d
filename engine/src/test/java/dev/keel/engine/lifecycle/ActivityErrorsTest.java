package dev.keel.engine.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.engine.errors.DomainException;
import dev.keel.engine.errors.Kind;
import io.temporal.failure.ApplicationFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The activity edge: a refusal becomes a non-retryable failure of its kind's type, and is read back
 * as that kind.
 */
class ActivityErrorsTest {

  @ParameterizedTest(name = "{0} fails as {1}")
  @CsvSource({
    "NOT_FOUND,     KeelNotFound",
    "CONFLICT,      KeelConflict",
    "INVALID_INPUT, KeelInvalidInput",
    "UNAVAILABLE,   KeelUnavailable",
    "GONE,          KeelGone",
    "FORBIDDEN,     KeelForbidden",
    "TOO_LARGE,     KeelTooLarge",
  })
  void aRefusalIsAFinalFailureOfItsKind(Kind kind, String type) {
    assertThatThrownBy(
            () ->
                ActivityErrors.refusalsAreFinal(
                    () -> {
                      throw DomainException.of(kind, "model 'm' says no");
                    }))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(type);
              assertThat(failure.isNonRetryable()).isTrue();
              assertThat(failure.getOriginalMessage()).isEqualTo("model 'm' says no");
              assertThat(ActivityErrors.isRefusal(failure.getType())).isTrue();
              assertThat(ActivityErrors.kind(failure.getType())).isEqualTo(kind);
            });
  }

  @Test
  void otherFailuresAreLeftToRetries() {
    IllegalStateException crash = new IllegalStateException("connection reset");
    assertThatThrownBy(
            () ->
                ActivityErrors.refusalsAreFinal(
                    () -> {
                      throw crash;
                    }))
        .isSameAs(crash);
    assertThat(ActivityErrors.refusalsAreFinal(() -> 42)).isEqualTo(42);
  }

  @Test
  void recordedFailureTypesAreStillRefusalsOfTheirKind() {
    assertThat(ActivityErrors.isRefusal("KeelInvalidInput.404")).isTrue();
    assertThat(ActivityErrors.kind("KeelInvalidInput.404")).isEqualTo(Kind.NOT_FOUND);
    assertThat(ActivityErrors.kind("KeelInvalidInput.409")).isEqualTo(Kind.CONFLICT);
    // a type naming no kind (the workflow's IllegalStateException) was always read as 409
    assertThat(ActivityErrors.isRefusal("java.lang.IllegalStateException")).isFalse();
    assertThat(ActivityErrors.kind("java.lang.IllegalStateException")).isEqualTo(Kind.CONFLICT);
  }
}
