package dev.keel.ml.training;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holdout metrics computed from actual and predicted values. Pure functions; inputs are of equal
 * length, non-empty.
 */
public final class Metrics {

  /**
   * Probabilities are clipped to [EPS, 1 - EPS] in log-loss so that one confident mistake stays
   * finite.
   */
  public static final double EPS = 1e-15;

  private Metrics() {}

  public static double accuracy(List<String> actual, List<String> predicted) {
    int right = 0;
    for (int i = 0; i < actual.size(); i++) {
      if (actual.get(i).equals(predicted.get(i))) {
        right++;
      }
    }
    return (double) right / actual.size();
  }

  /**
   * Unweighted mean of per-class F1 over every class that occurs as actual or predicted (F1 = 0
   * where undefined).
   */
  public static double macroF1(List<String> actual, List<String> predicted) {
    Set<String> classes = new LinkedHashSet<>(actual);
    classes.addAll(predicted);
    double sum = 0;
    for (String c : classes) {
      int tp = 0;
      int fp = 0;
      int fn = 0;
      for (int i = 0; i < actual.size(); i++) {
        boolean a = actual.get(i).equals(c);
        boolean p = predicted.get(i).equals(c);
        if (a && p) {
          tp++;
        } else if (p) {
          fp++;
        } else if (a) {
          fn++;
        }
      }
      sum += tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
    }
    return sum / classes.size();
  }

  /**
   * Mean negative log of the probability given to the actual class (0 when the class is absent),
   * clipped.
   */
  public static double logLoss(List<String> actual, List<Map<String, Double>> probabilities) {
    double sum = 0;
    for (int i = 0; i < actual.size(); i++) {
      double p = probabilities.get(i).getOrDefault(actual.get(i), 0.0);
      sum -= Math.log(Math.min(1 - EPS, Math.max(EPS, p)));
    }
    return sum / actual.size();
  }

  /**
   * Area under the ROC curve: the probability that a random positive scores above a random
   * negative, ties counting half (Mann–Whitney). NaN when only one class occurs.
   */
  public static double rocAuc(boolean[] positive, double[] score) {
    Integer[] order = new Integer[score.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(score[a], score[b]));
    double rankSumPositive = 0;
    long positives = 0;
    int i = 0;
    while (i < order.length) {
      int j = i;
      while (j + 1 < order.length && score[order[j + 1]] == score[order[i]]) {
        j++;
      }
      double averageRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (positive[order[k]]) {
          rankSumPositive += averageRank;
          positives++;
        }
      }
      i = j + 1;
    }
    long negatives = score.length - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    return (rankSumPositive - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  public static double rmse(double[] actual, double[] predicted) {
    double sum = 0;
    for (int i = 0; i < actual.length; i++) {
      double d = actual[i] - predicted[i];
      sum += d * d;
    }
    return Math.sqrt(sum / actual.length);
  }

  public static double mae(double[] actual, double[] predicted) {
    double sum = 0;
    for (int i = 0; i < actual.length; i++) {
      sum += Math.abs(actual[i] - predicted[i]);
    }
    return sum / actual.length;
  }

  /** Coefficient of determination, 1 − SSres/SStot; NaN when the actual values are all equal. */
  public static double r2(double[] actual, double[] predicted) {
    double mean = Arrays.stream(actual).average().orElse(Double.NaN);
    double ssRes = 0;
    double ssTot = 0;
    for (int i = 0; i < actual.length; i++) {
      ssRes += (actual[i] - predicted[i]) * (actual[i] - predicted[i]);
      ssTot += (actual[i] - mean) * (actual[i] - mean);
    }
    return ssTot == 0 ? Double.NaN : 1 - ssRes / ssTot;
  }
}
