package dev.keel.engine.datasets;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Body of {@code POST /v1/datasets} in JSON form: a name and where to read the CSV from. */
@JsonIgnoreProperties(ignoreUnknown = false)
public record DatasetRequest(String name, String source) {}
