package dev.keel.workers.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.keel.ml.artifacts.ArtifactStore;
import dev.keel.workflows.contract.CachePolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step caching for compute activities: a step's result is stored under the hash of its inputs — the
 * step's name, the worker's code identity and the canonical JSON of everything the result depends
 * on (dataset version, spec with its parameters and seed) — and reused by a later identical step
 * while it is fresh ({@link CachePolicy#maxStalenessDays}). Entries live in the artifact store
 * ({@code records/steps/<hash>}), so every worker that shares the store shares the cache.
 *
 * <p>The code identity is the Keel commit the worker was built from. A build from a dirty or
 * unknown tree could differ from its commit, so its entries are its own process's: the cache then
 * never serves one build's results to another.
 */
public final class StepCache {

  private static final Logger LOG = LoggerFactory.getLogger(StepCache.class);

  /** A cache that never reuses anything: for workers built without one. */
  public static final StepCache OFF = new StepCache(null, "off", System::currentTimeMillis);

  private static final ObjectMapper CANONICAL =
      JsonMapper.builder()
          .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
          .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
          .build();

  private final ArtifactStore store;
  private final String code;
  private final LongSupplier clock;

  /**
   * @param gitCommit the commit the worker was built from, null when unknown; a {@code -dirty}
   *     suffix marks a build with uncommitted changes
   */
  public static StepCache of(ArtifactStore store, String gitCommit) {
    boolean exact = gitCommit != null && !gitCommit.endsWith("-dirty");
    return new StepCache(
        store,
        exact ? gitCommit : gitCommit + "@process-" + UUID.randomUUID(),
        System::currentTimeMillis);
  }

  StepCache(ArtifactStore store, String code, LongSupplier clock) {
    this.store = store;
    this.code = code;
    this.clock = clock;
  }

  /**
   * The result of {@code step} for {@code inputs}: a fresh stored one that is still {@code usable}
   * (its artifacts exist), passed through {@code asReused} (which marks its stats as cached), or
   * else {@code compute}'s, stored for the next identical step. Without a policy, always computes
   * and stores nothing. {@code alias}, when it gives inputs for a computed result, stores the
   * result under those too: the inputs of a later step known to compute the same (a model without a
   * declared schema expects its first version's signature from its second run on, which selects the
   * same features).
   */
  public <T> T get(
      String step,
      CachePolicy policy,
      Object inputs,
      Class<T> type,
      Predicate<T> usable,
      UnaryOperator<T> asReused,
      Function<T, Object> alias,
      Supplier<T> compute) {
    if (policy == null || store == null) {
      return compute.get();
    }
    String name = "steps/" + key(step, inputs).substring("sha256:".length());
    Optional<T> earlier = read(name, type, policy).filter(usable);
    if (earlier.isPresent()) {
      LOG.info("step {} reuses an earlier identical result ({})", step, name);
      return asReused.apply(earlier.get());
    }
    T result = compute.get();
    write(name, step, result);
    Object same = alias.apply(result);
    if (same != null) {
      write("steps/" + key(step, same).substring("sha256:".length()), step, result);
    }
    return result;
  }

  /**
   * Whether every artifact a stored result depends on still exists and was not erased: a result
   * derived from erased data is never reused.
   */
  public boolean intact(String... addresses) {
    for (String address : addresses) {
      if (address == null || !store.exists(address) || store.shredded(address)) {
        return false;
      }
    }
    return true;
  }

  /** The hash a step's inputs are stored under. */
  String key(String step, Object inputs) {
    try {
      byte[] canonical = CANONICAL.writeValueAsBytes(inputs);
      byte[] head = (step + "\n" + code + "\n").getBytes(StandardCharsets.UTF_8);
      byte[] all = new byte[head.length + canonical.length];
      System.arraycopy(head, 0, all, 0, head.length);
      System.arraycopy(canonical, 0, all, head.length, canonical.length);
      return ArtifactStore.sha256(all);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the inputs of step " + step, e);
    }
  }

  private <T> Optional<T> read(String name, Class<T> type, CachePolicy policy) {
    try {
      Optional<byte[]> bytes = store.getRecord(name);
      if (bytes.isEmpty()) {
        return Optional.empty();
      }
      JsonNode entry = CANONICAL.readTree(bytes.get());
      if (!policy.fresh(entry.path("writtenAt").asLong(), clock.getAsLong())) {
        return Optional.empty();
      }
      return Optional.of(CANONICAL.treeToValue(entry.path("result"), type));
    } catch (IOException | RuntimeException e) {
      // an unreadable entry is a miss: the step computes and writes it again
      LOG.warn("step cache entry {} is unreadable; computing the step", name, e);
      return Optional.empty();
    }
  }

  private void write(String name, String step, Object result) {
    try {
      ObjectNode entry = CANONICAL.createObjectNode();
      entry.put("step", step);
      entry.put("code", code);
      entry.put("writtenAt", clock.getAsLong());
      entry.set("result", CANONICAL.valueToTree(result));
      store.putRecord(name, CANONICAL.writeValueAsBytes(entry));
    } catch (IOException | RuntimeException e) {
      // the result stands; only its reuse is lost
      LOG.warn("could not store step {} in the step cache", step, e);
    }
  }
}
