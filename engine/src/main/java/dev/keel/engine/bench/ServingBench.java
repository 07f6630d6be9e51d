package dev.keel.engine.bench;

import dev.keel.engine.cli.Console;
import dev.keel.ml.data.CsvIngestor;
import dev.keel.ml.data.IngestedDataset;
import dev.keel.ml.drift.DriftCalculator;
import dev.keel.ml.drift.DriftPolicy;
import dev.keel.ml.drift.DriftReport;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Serving and monitoring figures: single-row prediction throughput and latency over HTTP (with
 * prediction logging on) beside a no-op endpoint on the same server, and the time of a drift check
 * over 100,000 rows × 11 features. Loopback only; each load phase is bounded in time.
 */
final class ServingBench {

  private ServingBench() {}

  /** Result of one load phase. */
  record Load(
      String name,
      long requests,
      long failures,
      double seconds,
      double p50Millis,
      double p99Millis) {
    double perSecond() {
      return requests / seconds;
    }
  }

  static Load load(String name, String url, String body, int clients, double seconds, String token)
      throws Exception {
    ExecutorService httpThreads = Executors.newFixedThreadPool(4);
    HttpClient http = HttpClient.newBuilder().executor(httpThreads).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Future<long[]>> results = new ArrayList<>();
    long started = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      results.add(
          pool.submit(
              () -> {
                long[] latencies = new long[1 << 20];
                int n = 0;
                long failures = 0;
                while (System.nanoTime() < end && n < latencies.length) {
                  long t = System.nanoTime();
                  int status =
                      http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                  latencies[n++] = System.nanoTime() - t;
                  if (status != 200) {
                    failures++;
                  }
                }
                long[] out = Arrays.copyOf(latencies, n + 1);
                out[n] = failures;
                return out;
              }));
    }
    List<Long> all = new ArrayList<>();
    long failures = 0;
    for (Future<long[]> f : results) {
      long[] r = f.get();
      for (int i = 0; i < r.length - 1; i++) {
        all.add(r[i]);
      }
      failures += r[r.length - 1];
    }
    double elapsed = (System.nanoTime() - started) / 1e9;
    pool.shutdown();
    httpThreads.shutdown(); // its threads would otherwise keep the bench's JVM alive
    pool.awaitTermination(10, TimeUnit.SECONDS);
    long[] sorted = all.stream().mapToLong(Long::longValue).sorted().toArray();
    return new Load(
        name, sorted.length, failures, elapsed, percentile(sorted, 0.50), percentile(sorted, 0.99));
  }

  static void throughput(String api, String model, String instanceJson, String adminToken)
      throws Exception {
    String body = "{\"instances\": [" + instanceJson + "]}";
    String serving = servingToken(api, model, adminToken);
    load("warm-up", api + "/v1/noop", body, 16, 3, adminToken);
    load("warm-up", api + "/v1/models/" + model + "/predict", body, 16, 3, serving);
    // both measured twice, interleaved, best of each: the load generator shares this machine's two
    // cores
    Load noop = best(load("no-op", api + "/v1/noop", body, 16, 5, adminToken), null);
    Load predict =
        best(load("predict", api + "/v1/models/" + model + "/predict", body, 16, 5, serving), null);
    noop = best(load("no-op", api + "/v1/noop", body, 16, 5, adminToken), noop);
    predict =
        best(
            load("predict", api + "/v1/models/" + model + "/predict", body, 16, 5, serving),
            predict);
    for (Load l : List.of(noop, predict)) {
      Console.say(
          "  %-8s %8.0f requests/s  p50 %.2f ms  p99 %.2f ms  (%d requests, %d not 200, 16 clients)",
          l.name(), l.perSecond(), l.p50Millis(), l.p99Millis(), l.requests(), l.failures());
    }
    double ratio = predict.perSecond() / noop.perSecond();
    Console.say(
        "single-row prediction with logging: %.0f/s = %.2f of the no-op's throughput (targets >= 0.5, "
            + ">= 5000/s, p99 <= 10 ms) %s",
        predict.perSecond(),
        ratio,
        ratio >= 0.5 && predict.perSecond() >= 5000 && predict.p99Millis() <= 10 ? "PASS" : "MISS");
  }

  /** A serving token of {@code model} for a bench service account, issued with the admin token. */
  static String servingToken(String api, String model, String adminToken) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    http.send(
        HttpRequest.newBuilder(URI.create(api + "/v1/users"))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + adminToken)
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"bench-app\"}"))
            .build(),
        HttpResponse.BodyHandlers.discarding());
    HttpResponse<String> issued =
        http.send(
            HttpRequest.newBuilder(URI.create(api + "/v1/tokens"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + adminToken)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"user\": \"bench-app\", \"kind\": \"serving\", "
                            + "\"model\": \""
                            + model
                            + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (issued.statusCode() != 201) {
      throw new IllegalStateException("could not issue a serving token: " + issued.body());
    }
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(issued.body())
        .path("token")
        .asText();
  }

  /**
   * A drift check over the latest 100,000 logged predictions, read from PostgreSQL, through the
   * engine's API.
   */
  static void driftOverLoggedPredictions(String api, String admin, String model, String token)
      throws Exception {
    Thread.sleep(3000); // let the asynchronous prediction log catch up
    String metrics =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(admin + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    String dropped =
        metrics
            .lines()
            .filter(l -> l.startsWith("keel_prediction_log_dropped_total{model=\"" + model))
            .map(l -> l.substring(l.lastIndexOf(' ') + 1))
            .findFirst()
            .orElse("0");
    Console.say("prediction log: %s predictions dropped because the log queue was full", dropped);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(api + "/v1/models/" + model + "/drift/check?window=100000"))
                    .header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    com.fasterxml.jackson.databind.JsonNode body =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
    double seconds = body.path("seconds").asDouble();
    Console.say(
        "drift check over logged predictions (read from PostgreSQL and compared): %d rows x %d features in "
            + "%.3f s (target <= 2 s) %s",
        body.path("check").path("windowSize").asInt(), 6, seconds, seconds <= 2 ? "PASS" : "MISS");
  }

  private static Load best(Load a, Load b) {
    return b == null || a.perSecond() >= b.perSecond() ? a : b;
  }

  /**
   * Drift check over 100,000 live rows × 11 numeric features against a 10,000-row training profile.
   */
  static void drift() {
    Random random = new Random(5);
    int features = 11;
    StringBuilder csv = new StringBuilder();
    for (int f = 0; f < features; f++) {
      csv.append(f == 0 ? "" : ",").append("f").append(f);
    }
    csv.append('\n');
    for (int r = 0; r < 10_000; r++) {
      for (int f = 0; f < features; f++) {
        csv.append(f == 0 ? "" : ",")
            .append(String.format(Locale.ROOT, "%.4f", random.nextGaussian() * (f + 1)));
      }
      csv.append('\n');
    }
    IngestedDataset baseline =
        new CsvIngestor()
            .ingest(new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
    List<Map<String, Object>> window = new ArrayList<>(100_000);
    for (int r = 0; r < 100_000; r++) {
      Map<String, Object> row = new HashMap<>();
      for (int f = 0; f < features; f++) {
        row.put("f" + f, random.nextGaussian() * (f + 1) + (f % 3 == 0 ? 0.5 * (f + 1) : 0));
      }
      window.add(row);
    }
    DriftCalculator calculator = new DriftCalculator(DriftPolicy.defaults());
    List<String> names = baseline.table().specs().stream().map(c -> c.name()).toList();
    calculator.compare(baseline.profile(), window, names); // warm-up
    long t = System.nanoTime();
    DriftReport report = calculator.compare(baseline.profile(), window, names);
    double seconds = (System.nanoTime() - t) / 1e9;
    Console.say(
        "drift check: %d rows x %d features in %.3f s (target <= 2 s) %s; %d features drifted",
        report.windowSize(),
        features,
        seconds,
        seconds <= 2 ? "PASS" : "MISS",
        report.driftedFeatures().size());
  }

  private static double percentile(long[] sorted, double p) {
    return sorted.length == 0
        ? 0
        : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }
}
