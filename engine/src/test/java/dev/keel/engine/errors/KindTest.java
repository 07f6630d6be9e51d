package dev.keel.engine.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The failure types activities write for each kind, and the ones recorded before kinds existed. */
class KindTest {

  @ParameterizedTest
  @EnumSource(Kind.class)
  void aKindsFailureTypeReadsBackAsThatKind(Kind kind) {
    assertThat(Kind.ofFailureType(kind.failureType())).contains(kind);
    DomainException e = DomainException.of(kind, "why");
    assertThat(e.kind()).isEqualTo(kind);
    assertThat(e.getMessage()).isEqualTo("why");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // written by activities before kinds existed: KeelInvalidInput.<HTTP status>
    "KeelInvalidInput.404, NOT_FOUND",
    "KeelInvalidInput.409, CONFLICT",
    "KeelInvalidInput.400, INVALID_INPUT",
    "KeelInvalidInput.503, UNAVAILABLE",
    "KeelInvalidInput.410, GONE",
    "KeelInvalidInput.403, FORBIDDEN",
    "KeelInvalidInput.413, TOO_LARGE",
    // a status no kind has, or none, was read as 409
    "KeelInvalidInput.418, CONFLICT",
    "KeelInvalidInput.x,   CONFLICT",
    // today's
    "KeelNotFound,         NOT_FOUND",
    "KeelConflict,         CONFLICT",
    "KeelInvalidInput,     INVALID_INPUT",
    "KeelUnavailable,      UNAVAILABLE",
  })
  void failureTypesNameTheirKind(String type, Kind kind) {
    assertThat(Kind.ofFailureType(type)).contains(kind);
  }

  @Test
  void otherFailureTypesNameNoKind() {
    assertThat(Kind.ofFailureType("java.lang.IllegalStateException")).isEqualTo(Optional.empty());
    assertThat(Kind.ofFailureType("KeelNotFoundish")).isEmpty();
    assertThat(Kind.ofFailureType(null)).isEmpty();
  }
}
