package dev.keel.engine.serving;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Recent predict requests of this engine per model and version (time, latency, failed or not), for canary health
 * checks. Holds at most {@link #CAPACITY} requests per version; older ones fall out.
 */
public final class HealthWindow {

  static final int CAPACITY = 20_000;

  /** Health of one version over a window: requests, failed requests and the 95th percentile latency. */
  public record VersionHealth(int version, long requests, long errors, double p95LatencySeconds) {}

  private record Sample(long atMillis, double seconds, boolean error) {}

  private record Samples(ConcurrentLinkedDeque<Sample> deque, AtomicInteger size) {}

  private final Map<String, Map<Integer, Samples>> byModel = new ConcurrentHashMap<>();

  void record(String model, int version, double seconds, boolean error) {
    Samples s = byModel.computeIfAbsent(model, m -> new ConcurrentHashMap<>())
        .computeIfAbsent(version, v -> new Samples(new ConcurrentLinkedDeque<>(), new AtomicInteger()));
    s.deque().addLast(new Sample(System.currentTimeMillis(), seconds, error));
    if (s.size().incrementAndGet() > CAPACITY && s.deque().pollFirst() != null) {
      s.size().decrementAndGet();
    }
  }

  Map<Integer, VersionHealth> health(String model, long windowMillis) {
    long since = System.currentTimeMillis() - windowMillis;
    Map<Integer, VersionHealth> out = new TreeMap<>();
    byModel.getOrDefault(model, Map.of()).forEach((version, samples) -> {
      ArrayList<Sample> recent = new ArrayList<>();
      for (Sample s : samples.deque()) {
        if (s.atMillis() >= since) {
          recent.add(s);
        }
      }
      double[] latencies = recent.stream().mapToDouble(Sample::seconds).toArray();
      Arrays.sort(latencies);
      double p95 = latencies.length == 0 ? 0 : latencies[(int) Math.ceil(0.95 * latencies.length) - 1];
      out.put(version, new VersionHealth(version, recent.size(), recent.stream().filter(Sample::error).count(),
          p95));
    });
    return out;
  }
}
