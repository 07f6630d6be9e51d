package dev.keel.engine.dev;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;

/**
 * A generated, deterministic customer-churn dataset for the demo: numeric and categorical features,
 * some missing values, and a label that depends on the features the way churn does (short tenure,
 * monthly contracts, many support calls and high charges churn more), with noise.
 */
public final class DemoData {

  private static final String[] CONTRACTS = {"month-to-month", "one-year", "two-year"};
  private static final String[] PAYMENTS = {"card", "bank-transfer", "invoice", "wallet"};

  private DemoData() {}

  public static byte[] churn(int rows, long seed) {
    Random random = new Random(seed);
    StringBuilder csv = new StringBuilder(rows * 64);
    csv.append(
        "customer_id,tenure_months,monthly_charges,contract,support_calls,payment_method,age,churned\n");
    for (int i = 0; i < rows; i++) {
      int contract = weighted(random, 0.55, 0.25);
      int tenure =
          1 + (int) Math.min(71, Math.abs(random.nextGaussian() * (contract == 0 ? 14 : 30)));
      double charges = 20 + random.nextDouble() * 90;
      int calls = (int) Math.min(9, Math.abs(random.nextGaussian() * 2.2));
      String payment = PAYMENTS[random.nextInt(PAYMENTS.length)];
      Integer age = random.nextDouble() < 0.06 ? null : 18 + random.nextInt(60);
      double logit =
          -1.0
              + (contract == 0 ? 2.0 : contract == 1 ? 0.0 : -1.8)
              - 0.06 * tenure
              + 0.03 * (charges - 60)
              + 0.6 * calls
              + ("invoice".equals(payment) ? 0.7 : 0)
              + (age == null ? 0 : -0.015 * (age - 45))
              + random.nextGaussian() * 0.3;
      boolean churned = random.nextDouble() < 1 / (1 + Math.exp(-logit));
      csv.append(
          String.format(
              Locale.ROOT,
              "C%05d,%d,%.2f,%s,%d,%s,%s,%s%n",
              i + 1,
              tenure,
              charges,
              random.nextDouble() < 0.03 ? "" : CONTRACTS[contract],
              calls,
              payment,
              age == null ? "NA" : age,
              churned ? "yes" : "no"));
    }
    return csv.toString().replace("\r\n", "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static int weighted(Random random, double p0, double p1) {
    double u = random.nextDouble();
    return u < p0 ? 0 : u < p0 + p1 ? 1 : 2;
  }
}
