package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A column of a dataset or a model's input signature: its name and type ({@code numeric} or {@code
 * categorical}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ColumnSpec(String name, String type) {
  public static final String NUMERIC = "numeric";
  public static final String CATEGORICAL = "categorical";
}
