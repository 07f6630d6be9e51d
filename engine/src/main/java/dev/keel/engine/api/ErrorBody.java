package dev.keel.engine.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON body of every error response: the HTTP status and a message a user can act on. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(int code, String message) {}
