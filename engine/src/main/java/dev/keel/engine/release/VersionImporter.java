package dev.keel.engine.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.engine.models.RegistryDao;
import dev.keel.engine.models.VersionDao;
import dev.keel.ml.artifacts.ArtifactStore;
import dev.keel.ml.onnx.MlModelFile;
import dev.keel.ml.onnx.OnnxHints;
import dev.keel.ml.onnx.OnnxImportException;
import dev.keel.ml.onnx.OnnxInspector;
import dev.keel.ml.onnx.OnnxSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Makes a registered version servable: an {@code external} version (registered through the MLflow
 * API with a source URI) is imported as ONNX — its {@code model.onnx} (or the file the MLmodel's
 * ONNX flavor names) and its {@code MLmodel} are read from the source, the model is opened in ONNX
 * Runtime and inspected ({@link OnnxInspector}), its bytes are stored in the artifact store under
 * their SHA-256, and the version row becomes {@code format = 'onnx'} with that artifact, its input
 * signature and its {@link OnnxSpec}, all in one statement. Versions that are servable already
 * ({@code keel}, {@code onnx}) are left as they are, so importing twice is harmless.
 *
 * <p>Feature names and class labels, where the model itself does not name them, come from (first
 * found) the caller's {@code features}/{@code labels}, the version tags {@code
 * keel.features}/{@code keel.labels} (a JSON list or a comma-separated text), or the MLmodel's
 * {@code metadata.features}/{@code metadata.labels}.
 */
public final class VersionImporter {

  /** Version tag naming the features of a single [N,k] input, in column order. */
  public static final String FEATURES_TAG = "keel.features";

  /** Version tag naming the class labels of a [N,classes] scores output, in column order. */
  public static final String LABELS_TAG = "keel.labels";

  /** What an import left: format, artifact, task, and whether this call imported it. */
  public record Imported(String format, String artifact, String task, boolean imported) {}

  /** A version that cannot be imported, with the reason; retrying does not help. */
  public static final class ImportRefused extends RuntimeException {
    public ImportRefused(String message) {
      super(message);
    }
  }

  private final Jdbi jdbi;
  private final ArtifactStore artifacts;
  private final SourceResolver sources;
  private final ObjectMapper json;
  private final Reader reader;

  /** Reads a file of the MLflow artifact store, decrypting it when it is stored encrypted. */
  @FunctionalInterface
  public interface Reader {
    byte[] read(Path file) throws IOException;
  }

  public VersionImporter(
      Jdbi jdbi, ArtifactStore artifacts, SourceResolver sources, ObjectMapper json) {
    this(jdbi, artifacts, sources, Files::readAllBytes, json);
  }

  public VersionImporter(
      Jdbi jdbi,
      ArtifactStore artifacts,
      SourceResolver sources,
      Reader reader,
      ObjectMapper json) {
    this.jdbi = jdbi;
    this.artifacts = artifacts;
    this.sources = sources;
    this.reader = reader;
    this.json = json;
  }

  /**
   * Imports version {@code version} of {@code model}; {@link ImportRefused} when it cannot be
   * served.
   */
  public Imported importVersion(
      String model, int version, List<String> features, List<String> labels) {
    VersionDao.Source v =
        jdbi.withExtension(VersionDao.class, dao -> dao.source(model, version))
            .orElseThrow(
                () -> new ImportRefused("model '" + model + "' has no version " + version));
    if (!VersionDao.FORMAT_EXTERNAL.equals(v.format())) {
      return new Imported(v.format(), v.artifact(), v.task(), false);
    }
    Path source;
    try {
      source = sources.resolve(v.source());
    } catch (IllegalArgumentException e) {
      throw new ImportRefused(e.getMessage());
    }
    Map<String, String> tags = tags(v.modelId(), version);
    String mlmodel = mlmodel(source);
    byte[] bytes;
    OnnxSpec spec;
    try {
      bytes = onnxBytes(source, mlmodel, v.source());
      spec =
          OnnxInspector.inspect(
              bytes,
              new OnnxHints(
                  mlmodel,
                  features != null ? features : names(tags.get(FEATURES_TAG), FEATURES_TAG),
                  labels != null ? labels : names(tags.get(LABELS_TAG), LABELS_TAG)));
    } catch (OnnxImportException e) {
      throw new ImportRefused(e.getMessage());
    }
    if (v.task() != null && !v.task().equals(spec.task())) {
      throw new ImportRefused(
          "model '"
              + model
              + "' is a "
              + v.task()
              + " model, but this ONNX model is a "
              + spec.task()
              + (spec.classifier()
                  ? " (its output gives class scores)"
                  : " (one value per row; a classifier needs class labels or a label output)"));
    }
    String artifact = artifacts.put(bytes);
    String signatureJson;
    String specJson;
    try {
      signatureJson = json.writeValueAsString(spec.signature());
      specJson = json.writeValueAsString(spec);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    jdbi.useExtension(
        VersionDao.class,
        dao ->
            dao.importOnnx(v.modelId(), version, artifact, signatureJson, specJson, spec.task()));
    return new Imported("onnx", artifact, spec.task(), true);
  }

  private Map<String, String> tags(long modelId, int version) {
    Map<String, String> tags = new java.util.HashMap<>();
    jdbi.withExtension(
            RegistryDao.class,
            dao -> dao.versionTags(modelId, version, List.of(FEATURES_TAG, LABELS_TAG)))
        .forEach(t -> tags.put(t.key(), t.value()));
    return tags;
  }

  /**
   * The MLmodel text beside the model (in the source directory, or beside the source file), or
   * null.
   */
  private String mlmodel(Path source) {
    Path dir = Files.isDirectory(source) ? source : source.getParent();
    Path file = dir == null ? null : dir.resolve("MLmodel");
    if (file == null || !Files.isRegularFile(file)) {
      return null;
    }
    try {
      return new String(reader.read(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private byte[] onnxBytes(Path source, String mlmodel, String uri) {
    Path file = source;
    if (Files.isDirectory(source)) {
      String name =
          Optional.ofNullable(mlmodel)
              .map(MlModelFile::parse)
              .map(MlModelFile::dataFile)
              .orElse("model.onnx");
      file = source.resolve(name).normalize();
      if (!file.startsWith(source)) {
        throw new ImportRefused(
            "MLmodel flavors.onnx.data '" + name + "' points outside the model's directory");
      }
    }
    if (!Files.isRegularFile(file)) {
      throw new ImportRefused(
          "source '"
              + uri
              + "' holds no "
              + (Files.isDirectory(source) ? "'" + source.relativize(file) + "'" : "file")
              + ": expected an ONNX model (model.onnx, with its MLmodel "
              + "beside it) uploaded through the MLflow artifact API");
    }
    try {
      return reader.read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private List<String> names(String tag, String key) {
    if (tag == null || tag.isBlank()) {
      return null;
    }
    String text = tag.trim();
    if (text.startsWith("[")) {
      try {
        return Arrays.asList(json.readValue(text, String[].class));
      } catch (JsonProcessingException e) {
        throw new ImportRefused(
            "version tag '" + key + "' is not a JSON list of names: " + e.getOriginalMessage());
      }
    }
    return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
