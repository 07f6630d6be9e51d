package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The values one hyperparameter may take in a sweep: either a list of {@code values} (grid or
 * random choice), or a range {@code [min, max]} drawn on a {@code linear} or {@code log} scale as
 * an {@code int} or a {@code float} (random search only). Values are strings, as trainer parameters
 * are.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ParamRange(List<String> values, Double min, Double max, String scale, String type) {

  public static final String LINEAR = "linear";
  public static final String LOG = "log";
  public static final String INT = "int";
  public static final String FLOAT = "float";

  public ParamRange {
    values = values == null ? null : List.copyOf(values);
  }

  public static ParamRange choice(List<String> values) {
    return new ParamRange(values, null, null, null, null);
  }

  public static ParamRange range(double min, double max, String scale, String type) {
    return new ParamRange(null, min, max, scale, type);
  }

  public boolean isChoice() {
    return values != null;
  }

  public boolean isLog() {
    return LOG.equals(scale);
  }

  public boolean isInt() {
    return INT.equals(type);
  }
}
