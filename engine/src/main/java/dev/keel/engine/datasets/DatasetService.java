package dev.keel.engine.datasets;

import dev.keel.engine.api.BodyLimitFilter;
import dev.keel.engine.api.Names;
import dev.keel.engine.errors.Gone;
import dev.keel.engine.errors.InvalidInput;
import dev.keel.engine.errors.NotFound;
import dev.keel.engine.errors.TooLarge;
import dev.keel.ml.artifacts.ArtifactStore;
import dev.keel.ml.data.CsvFormatException;
import dev.keel.ml.data.CsvIngestor;
import dev.keel.ml.data.IngestedDataset;
import dev.keel.workflows.contract.DatasetRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Registers datasets: reads a CSV (request body, local file or http(s) URL), canonicalises and
 * profiles it, stores the canonical content in the artifact store under its SHA-256 and records the
 * version. Registering the same content again changes nothing and returns the existing version.
 */
public final class DatasetService {

  /** A registered version and whether this call created it. */
  public record Registered(DatasetView dataset, boolean created) {}

  private final Jdbi jdbi;
  private final ArtifactStore artifacts;
  private final long maxBytes;
  private final Duration fetchTimeout;
  private final HttpClient http;
  private final SourcePolicy sources;
  private final DatasetKeys keys;
  private final java.util.Map<String, dev.keel.ml.drift.ReferenceSample> samples =
      new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_REDIRECTS = 5;

  public DatasetService(
      Jdbi jdbi,
      ArtifactStore artifacts,
      long maxBytes,
      Duration fetchTimeout,
      SourcePolicy sources) {
    this.jdbi = jdbi;
    this.sources = sources;
    this.artifacts = artifacts;
    this.keys = new DatasetKeys(jdbi, artifacts);
    this.maxBytes = maxBytes;
    this.fetchTimeout = fetchTimeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(fetchTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  public Registered registerFromSource(String name, String source) {
    Names.check("dataset", name);
    if (source == null || source.isBlank()) {
      throw new InvalidInput(
          "field 'source' is required: a file:///absolute/path.csv or http(s):// URL");
    }
    URI uri;
    try {
      uri = new URI(source.trim());
    } catch (URISyntaxException e) {
      throw new InvalidInput("field 'source': '" + source + "' is not a valid URI");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
    return switch (scheme) {
      case "file" -> fromFile(name, uri);
      case "http", "https" -> fromUrl(name, uri);
      default ->
          throw new InvalidInput(
              "field 'source': unsupported scheme in '"
                  + source
                  + "'; expected file:///absolute/path.csv or an http(s):// URL");
    };
  }

  private Registered fromFile(String name, URI uri) {
    Path path;
    try {
      path = Path.of(uri);
    } catch (IllegalArgumentException e) {
      throw new InvalidInput("field 'source': '" + uri + "' is not a file:///absolute/path URI");
    }
    path = sources.file(path);
    try {
      if (Files.size(path) > maxBytes) {
        throw new TooLarge(
            "file "
                + path
                + " is "
                + Files.size(path)
                + " bytes, larger than the limit of "
                + maxBytes
                + " bytes");
      }
      try (InputStream in = Files.newInputStream(path)) {
        return register(name, in, uri.toString(), null);
      }
    } catch (IOException e) {
      throw new InvalidInput("field 'source': cannot read " + path + ": " + e.getMessage());
    }
  }

  private Registered fromUrl(String name, URI uri) {
    HttpResponse<InputStream> response = fetch(uri);
    for (int redirects = 0; response.statusCode() / 100 == 3; redirects++) {
      URI next = response.headers().firstValue("Location").map(uri::resolve).orElse(null);
      close(response);
      if (next == null
          || redirects == MAX_REDIRECTS
          || next.getScheme() == null
          || !(next.getScheme().equalsIgnoreCase("http")
              || next.getScheme().equalsIgnoreCase("https"))) {
        throw new InvalidInput(
            "field 'source': "
                + uri
                + " redirects to "
                + next
                + ", which is not followed "
                + "(an http(s) URL is expected, within "
                + MAX_REDIRECTS
                + " redirects)");
      }
      uri = next;
      response = fetch(uri);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() / 100 != 2) {
        throw new InvalidInput(
            "field 'source': "
                + uri
                + " answered HTTP "
                + response.statusCode()
                + ", expected 200");
      }
      return register(
          name,
          new BodyLimitFilter.Limited(body, maxBytes, "dataset at " + uri),
          uri.toString(),
          charset(response));
    } catch (IOException e) {
      throw new InvalidInput("field 'source': cannot read " + uri + ": " + e.getMessage());
    }
  }

  /** One request, after checking the URL against the source policy (again at every redirect). */
  private HttpResponse<InputStream> fetch(URI uri) {
    sources.url(uri);
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(fetchTimeout).GET().build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new InvalidInput("field 'source': cannot fetch " + uri + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvalidInput("field 'source': fetching " + uri + " was interrupted");
    }
  }

  /**
   * The charset a server declared in its Content-Type, if Java knows it (otherwise the CSV's own
   * rules decide).
   */
  private static Charset charset(HttpResponse<InputStream> response) {
    String type = response.headers().firstValue("Content-Type").orElse("");
    int at = type.toLowerCase().indexOf("charset=");
    if (at < 0) {
      return null;
    }
    String name =
        type.substring(at + "charset=".length()).split(";", 2)[0].trim().replace("\"", "");
    try {
      return Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      return null;
    }
  }

  private static void close(HttpResponse<InputStream> response) {
    try {
      response.body().close();
    } catch (IOException ignored) {
      // the redirect's body is not needed
    }
  }

  /**
   * Registers a user's CSV content read from {@code in}, in the {@code charset} its sender declared
   * (null: none, the file's byte-order mark or UTF-8); {@code source} is recorded as where it came
   * from. A file with a header and no rows is refused.
   */
  public Registered register(String name, InputStream in, String source, Charset charset) {
    return register(name, in, source, charset, true);
  }

  /**
   * Registers CSV content Keel wrote itself (an erased copy of a version, which may have no rows
   * left); {@code source} is recorded as where it came from.
   */
  public Registered register(String name, InputStream in, String source) {
    return register(name, in, source, null, false);
  }

  private Registered register(
      String name, InputStream in, String source, Charset charset, boolean requireRows) {
    Names.check("dataset", name);
    IngestedDataset ingested;
    try {
      ingested = new CsvIngestor().ingest(in, charset);
      if (requireRows) {
        CsvIngestor.requireRows(ingested);
      }
    } catch (CsvFormatException e) {
      throw new InvalidInput("dataset '" + name + "': " + e.getMessage());
    } catch (UncheckedIOException e) {
      throw new InvalidInput("dataset '" + name + "': cannot read the CSV: " + e.getMessage());
    } catch (OutOfMemoryError e) {
      throw tooLargeForMemory(name);
    }
    try {
      artifacts.put(ingested.version(), ingested.canonical());
      if (ingested.sample() != null) {
        artifacts.put(ingested.sample());
      }
    } catch (OutOfMemoryError e) {
      throw tooLargeForMemory(name);
    }
    return jdbi.inTransaction(
        handle -> {
          DatasetDao dao = handle.attach(DatasetDao.class);
          dao.ensureDataset(name);
          int inserted =
              dao.insertVersion(
                  name,
                  ingested.version(),
                  ingested.table().rows(),
                  ingested.table().specs(),
                  ingested.profile(),
                  source,
                  ingested.canonical().length);
          keys.record(handle, ingested.version());
          DatasetVersionRow row = dao.findVersion(name, ingested.version()).orElseThrow();
          return new Registered(DatasetView.of(row), inserted == 1);
        });
  }

  /**
   * The answer to a CSV that did not fit in the heap. The table being read was this call's alone
   * and is unreachable now, so the engine goes on; the caller learns why and what to do.
   */
  private static TooLarge tooLargeForMemory(String name) {
    return new TooLarge(
        "dataset '"
            + name
            + "': the CSV is too large to read in the engine's memory ("
            + (Runtime.getRuntime().maxMemory() >> 20)
            + " MB of heap; reading a CSV takes 5 to 10 times its size): "
            + "upload a smaller file, or give the engine more memory (KEEL_JAVA_OPTS=-Xmx..., or the JVM's -Xmx)");
  }

  public List<DatasetView> versions(String name) {
    List<DatasetVersionRow> rows =
        jdbi.withExtension(DatasetDao.class, dao -> dao.listVersions(name));
    if (rows.isEmpty()) {
      throw new NotFound("dataset '" + name + "' does not exist");
    }
    return rows.stream().map(DatasetView::of).toList();
  }

  public List<String> names() {
    return jdbi.withExtension(DatasetDao.class, DatasetDao::listNames);
  }

  /** The keys of the versions' stored bytes. */
  public DatasetKeys keys() {
    return keys;
  }

  /**
   * The canonical CSV of a version; 410 when an erasure destroyed its key (its hash and row count
   * stay readable through {@link #version}).
   */
  public byte[] content(String name, String version) {
    version(name, version);
    var destroyed = keys.destroyed(version);
    if (destroyed.isPresent()) {
      throw new Gone(
          "dataset '"
              + name
              + "' version "
              + version
              + " was erased by "
              + destroyed.get().by()
              + " at "
              + destroyed.get().at()
              + ": its data key was destroyed, so its rows can "
              + "no longer be read; its hash, row count and profile stay for lineage");
    }
    try {
      return artifacts.getVerified(version);
    } catch (ArtifactStore.ArtifactErasedException e) {
      throw new Gone("dataset '" + name + "' version " + version + ": " + e.getMessage());
    }
  }

  /**
   * The reservoir sample stored with a version, read back; empty for a version profiled before
   * samples existed, and for one whose data was erased (its key destroyed) or whose sample cannot
   * be read: drift then falls back to the profile's bins.
   */
  public java.util.Optional<dev.keel.ml.drift.ReferenceSample> sample(DatasetView version) {
    String address = version.profile() == null ? null : version.profile().sample();
    if (address == null || keys.destroyed(version.version()).isPresent()) {
      return java.util.Optional.empty();
    }
    dev.keel.ml.drift.ReferenceSample cached = samples.get(address);
    if (cached != null) {
      return java.util.Optional.of(cached);
    }
    try {
      dev.keel.ml.drift.ReferenceSample read =
          dev.keel.ml.drift.ReferenceSample.parse(address, artifacts.getVerified(address));
      if (samples.size() >= 32) {
        samples.clear();
      }
      samples.put(address, read);
      return java.util.Optional.of(read);
    } catch (ArtifactStore.ArtifactErasedException
        | ArtifactStore.ArtifactNotFoundException
        | ArtifactStore.ArtifactCorruptException e) {
      return java.util.Optional.empty();
    }
  }

  public DatasetView version(String name, String version) {
    return jdbi.withExtension(DatasetDao.class, dao -> dao.findVersion(name, version))
        .map(DatasetView::of)
        .orElseThrow(() -> new NotFound("dataset '" + name + "' has no version " + version));
  }

  /**
   * Resolves {@code NAME} (its latest version) or {@code NAME@sha256:…} to a registered version;
   * 404 naming what is unknown.
   */
  public DatasetView resolve(String reference) {
    if (reference == null || reference.isBlank()) {
      throw new InvalidInput("field 'dataset' is required: NAME or NAME@sha256:<hex>");
    }
    int at = reference.indexOf('@');
    String name = at < 0 ? reference : reference.substring(0, at);
    if (at >= 0) {
      String version = reference.substring(at + 1);
      if (!ArtifactStore.isAddress(version)) {
        throw new InvalidInput(
            "field 'dataset': '" + version + "' is not a version; expected sha256:<64 hex>");
      }
      return version(name, version);
    }
    return jdbi.withExtension(DatasetDao.class, dao -> dao.latestVersion(name))
        .map(DatasetView::of)
        .orElseThrow(() -> new NotFound("dataset '" + name + "' does not exist"));
  }

  public static DatasetRef ref(DatasetView view) {
    return new DatasetRef(view.name(), view.version());
  }
}
