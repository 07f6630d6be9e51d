package dev.keel.engine.serving;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Quality of a served version measured on feedback: accuracy for a classifier, RMSE and MAE for a
 * regression model, over the most recent {@code feedbackCount} feedback rows (null figures when
 * there is none yet).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LiveQualityView(
    String model, Integer version, long feedbackCount, Double accuracy, Double rmse, Double mae) {}
