package dev.keel.engine.serving;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;

/**
 * What a model serves, as the API returns it: the champion version ({@code null} when nothing is
 * deployed), the canary with its share of requests, the generation that engines converge on, and
 * the shadow version with the share of requests it also scores (never answering them).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServingStateView(
    String model,
    Integer version,
    Integer canaryVersion,
    Double canaryShare,
    Long generation,
    OffsetDateTime updatedAt,
    Integer shadowVersion,
    Double shadowShare) {

  static ServingStateView of(StateRow row) {
    return new ServingStateView(
        row.model(),
        row.version(),
        row.canaryVersion(),
        row.canaryVersion() == null ? null : row.canaryShare(),
        row.generation(),
        row.updatedAt(),
        row.shadowVersion(),
        row.shadowVersion() == null ? null : row.shadowShare());
  }

  static ServingStateView none(String model) {
    return new ServingStateView(model, null, null, null, null, null, null, null);
  }
}
