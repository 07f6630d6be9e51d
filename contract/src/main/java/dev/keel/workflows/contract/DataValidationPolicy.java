package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The checks of new data before an automatic retrain, as TFX's {@code ExampleValidator}: the new
 * dataset version is compared column by column with the champion's training data, and what is out
 * of bounds is a problem. Null fields take the defaults ({@link #withDefaults}).
 *
 * @param onFailure what a run with a problem does: {@code fail} (the run ends {@code FAILED} at its
 *     {@code dataCheck} stage), {@code hold} (it waits for a person, who releases it with an
 *     approval or rejects it) or {@code warn} (the problems are recorded and the run goes on)
 * @param maxMissingIncrease the largest rise of a column's share of missing values (0..1)
 * @param maxOutOfRangeShare the largest share of a numeric column's values outside the training
 *     data's [min, max]
 * @param allowNewCategories whether a categorical column may have values the training data lacks
 * @param maxPsi the largest population stability index of a column against the training profile
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DataValidationPolicy(
    String onFailure,
    Double maxMissingIncrease,
    Double maxOutOfRangeShare,
    Boolean allowNewCategories,
    Double maxPsi) {

  public static final String FAIL = "fail";
  public static final String HOLD = "hold";
  public static final String WARN = "warn";
  public static final List<String> ON_FAILURE = List.of(FAIL, HOLD, WARN);

  public static final double DEFAULT_MAX_MISSING_INCREASE = 0.05;
  public static final double DEFAULT_MAX_OUT_OF_RANGE_SHARE = 0.01;
  public static final double DEFAULT_MAX_PSI = 0.25;

  /**
   * The policy with every null field at its default: fail, +0.05, 0.01, no new categories, 0.25.
   */
  public DataValidationPolicy withDefaults() {
    return new DataValidationPolicy(
        onFailure == null ? FAIL : onFailure,
        maxMissingIncrease == null ? DEFAULT_MAX_MISSING_INCREASE : maxMissingIncrease,
        maxOutOfRangeShare == null ? DEFAULT_MAX_OUT_OF_RANGE_SHARE : maxOutOfRangeShare,
        allowNewCategories != null && allowNewCategories,
        maxPsi == null ? DEFAULT_MAX_PSI : maxPsi);
  }
}
