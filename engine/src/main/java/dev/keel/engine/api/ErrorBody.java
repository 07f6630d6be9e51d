package dev.keel.engine.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.keel.engine.errors.Kind;

/**
 * The JSON body of every error response: the HTTP status and a message a user can act on. {@code
 * kind} (not part of the JSON) says which {@link dev.keel.engine.errors.DomainException} the
 * response renders, null for any other error, so that another edge's shape (MLflow's) can map the
 * kind rather than guess it from the status.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(int code, String message, @JsonIgnore Kind kind) {

  public ErrorBody(int code, String message) {
    this(code, message, null);
  }
}
