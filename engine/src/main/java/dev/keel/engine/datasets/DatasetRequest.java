package dev.keel.engine.datasets;

/**
 * Body of {@code POST /v1/datasets} in JSON form: a name and where to read the CSV from. Unknown
 * fields are refused like in every {@code /v1} body ({@link dev.keel.engine.api.StrictJson}).
 */
public record DatasetRequest(String name, String source) {}
