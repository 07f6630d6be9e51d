package dev.keel.engine.console;

import dev.keel.engine.datasets.DatasetService;
import dev.keel.engine.datasets.DatasetView;
import dev.keel.engine.models.ModelService;
import dev.keel.engine.models.VersionView;
import dev.keel.engine.serving.DeploymentService;
import dev.keel.engine.serving.Predictor;
import dev.keel.ml.data.ColumnProfile;
import dev.keel.ml.data.Profiler;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /v1/models/{name}/drift/histograms[?window=n]}: per feature of the served version, the
 * training profile's bins (numeric) or categories with the share of training rows in each, and the
 * share of the latest {@code n} live inputs (the model's monitoring window by default) in the same
 * bins: what the drift page plots. Read-only; nothing is stored.
 */
@Path("/v1/models/{name}/drift/histograms")
@Produces(MediaType.APPLICATION_JSON)
public final class DriftHistogramsResource {

  /**
   * One feature: bin labels, and the training and live shares per bin (each summing to 1 over
   * present values).
   */
  public record Feature(
      String name,
      String type,
      List<String> bins,
      List<Double> training,
      List<Double> live,
      long liveRows) {}

  /**
   * The served version the training side belongs to and its features; no features when nothing is
   * served.
   */
  public record Histograms(String model, Integer version, int windowSize, List<Feature> features) {}

  private final ModelService models;
  private final DatasetService datasets;
  private final DeploymentService deployments;
  private final Predictor predictor;

  public DriftHistogramsResource(
      ModelService models,
      DatasetService datasets,
      DeploymentService deployments,
      Predictor predictor) {
    this.models = models;
    this.datasets = datasets;
    this.deployments = deployments;
    this.predictor = predictor;
  }

  @GET
  public Histograms get(@PathParam("name") String name, @QueryParam("window") Integer window) {
    if (window != null && (window < 1 || window > 100_000)) {
      throw dev.keel.engine.api.ApiException.badRequest(
          "query parameter 'window' must be between 1 and 100000");
    }
    var row = models.row(name);
    Integer served = deployments.state(name).version();
    if (served == null) {
      return new Histograms(name, null, 0, List.of());
    }
    VersionView version = models.version(name, served);
    if (version.lineage() == null || version.lineage().dataset() == null) {
      return new Histograms(name, served, 0, List.of());
    }
    DatasetView training =
        datasets.version(version.lineage().dataset().name(), version.lineage().dataset().version());
    int size =
        window != null
            ? window
            : row.definition() == null ? 1000 : row.definition().monitoringOrDefaults().window();
    List<Map<String, Object>> inputs = predictor.recentInputs(name, size);
    Map<String, ColumnProfile> columns = new HashMap<>();
    training.profile().columns().forEach(c -> columns.put(c.name(), c));
    List<Feature> features = new ArrayList<>();
    for (var spec : version.signature()) {
      ColumnProfile c = columns.get(spec.name());
      if (c != null) {
        Feature f = "numeric".equals(c.type()) ? numeric(c, inputs) : categorical(c, inputs);
        if (f != null) {
          features.add(f);
        }
      }
    }
    return new Histograms(name, served, inputs.size(), features);
  }

  private static Feature numeric(ColumnProfile c, List<Map<String, Object>> inputs) {
    List<Double> edges = c.binEdges();
    if (edges == null || edges.size() < 2 || c.count() == 0) {
      return null;
    }
    long[] counts = new long[edges.size() - 1];
    long present = 0;
    for (Map<String, Object> row : inputs) {
      Object v = row == null ? null : row.get(c.name());
      double d = v instanceof Number n ? n.doubleValue() : parse(v);
      if (Double.isFinite(d)) {
        counts[Profiler.binOf(edges, d)]++;
        present++;
      }
    }
    List<String> bins = new ArrayList<>();
    List<Double> train = new ArrayList<>();
    List<Double> live = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      bins.add(label(edges.get(i)) + "–" + label(edges.get(i + 1)));
      train.add((double) c.binCounts().get(i) / c.count());
      live.add(present == 0 ? 0.0 : (double) counts[i] / present);
    }
    return new Feature(c.name(), c.type(), bins, train, live, present);
  }

  private static Feature categorical(ColumnProfile c, List<Map<String, Object>> inputs) {
    Map<String, Long> frequencies = c.frequencies() == null ? Map.of() : c.frequencies();
    Map<String, Long> live = new LinkedHashMap<>();
    frequencies.keySet().forEach(k -> live.put(k, 0L));
    live.putIfAbsent(Profiler.OTHER, 0L);
    long present = 0;
    for (Map<String, Object> row : inputs) {
      Object v = row == null ? null : row.get(c.name());
      if (v != null) {
        String key = live.containsKey(String.valueOf(v)) ? String.valueOf(v) : Profiler.OTHER;
        live.merge(key, 1L, Long::sum);
        present++;
      }
    }
    long total = frequencies.values().stream().mapToLong(Long::longValue).sum();
    List<String> bins = new ArrayList<>(live.keySet());
    List<Double> trainShares = new ArrayList<>();
    List<Double> liveShares = new ArrayList<>();
    for (String b : bins) {
      trainShares.add(total == 0 ? 0.0 : (double) frequencies.getOrDefault(b, 0L) / total);
      liveShares.add(present == 0 ? 0.0 : (double) live.get(b) / present);
    }
    return new Feature(
        c.name(),
        c.type(),
        bins.stream().map(b -> Profiler.OTHER.equals(b) ? "other" : b).toList(),
        trainShares,
        liveShares,
        present);
  }

  private static double parse(Object v) {
    if (v == null) {
      return Double.NaN;
    }
    try {
      return Double.parseDouble(v.toString().trim());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static String label(double edge) {
    if (Double.isInfinite(edge)) {
      return edge < 0 ? "−∞" : "∞";
    }
    return Math.abs(edge) >= 100
        ? String.format(Locale.ROOT, "%.0f", edge)
        : String.format(Locale.ROOT, "%.3g", edge);
  }
}
