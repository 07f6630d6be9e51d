package dev.keel.workflows.contract;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A run's check of its dataset against the champion's training data before it trains (an automatic
 * retrain of a model whose definition has a {@code dataValidation} policy).
 *
 * @param policy the policy, defaults filled in
 * @param baseline the dataset version the champion was trained on
 * @param trigger the kind of trigger that started the run ({@code new-data}, {@code drift}, …)
 * @param holdTimeoutSeconds how long a held run waits for a person before it is rejected
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DataCheck(
    DataValidationPolicy policy, DatasetRef baseline, String trigger, long holdTimeoutSeconds) {}
