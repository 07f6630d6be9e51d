package dev.keel.engine.serving;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;

/** One entry of a model's deployment history, as the API returns it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeploymentView(
    long id,
    int version,
    String kind,
    Integer canaryVersion,
    Double canaryShare,
    String actor,
    String reason,
    OffsetDateTime createdAt) {

  static DeploymentView of(DeploymentRow row) {
    return new DeploymentView(
        row.id(),
        row.version(),
        row.kind(),
        row.canaryVersion(),
        row.canaryVersion() == null ? null : row.canaryShare(),
        row.actor(),
        row.reason(),
        row.createdAt());
  }
}
