package dev.keel.ml.data;

import dev.keel.ml.artifacts.ArtifactStore;
import dev.keel.workflows.contract.DatasetRef;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads registered dataset versions from the artifact store. The content is verified against its
 * address before it is parsed, and the last few tables are kept in memory because one pipeline run
 * loads the same version in several activities. Thread-safe.
 */
public final class DatasetLoader {

  /** Tables kept in memory by the default constructor. */
  public static final int DEFAULT_CACHE_SIZE = 4;

  private final ArtifactStore store;
  private final Map<String, Table> cache;

  public DatasetLoader(ArtifactStore store) {
    this(store, DEFAULT_CACHE_SIZE);
  }

  public DatasetLoader(ArtifactStore store, int cacheSize) {
    this.store = store;
    this.cache =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Table> eldest) {
            return size() > cacheSize;
          }
        };
  }

  /**
   * The table of a dataset version.
   *
   * @throws ArtifactStore.ArtifactNotFoundException when the store has no such version
   * @throws ArtifactStore.ArtifactCorruptException when the stored bytes no longer hash to the
   *     version
   * @throws CsvFormatException when the stored content is not canonical CSV
   */
  public Table load(DatasetRef ref) {
    String version = ref.version();
    synchronized (cache) {
      Table cached = cache.get(version);
      if (cached != null) {
        return cached;
      }
    }
    Table table = CsvIngestor.parseCanonical(store.getVerified(version));
    synchronized (cache) {
      cache.put(version, table);
    }
    return table;
  }
}
