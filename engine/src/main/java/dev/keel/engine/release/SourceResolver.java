package dev.keel.engine.release;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where an MLflow source URI lives on disk, by the artifact storage contract of Keel's MLflow API:
 * {@code mlflow-artifacts:/<p>} is {@code <artifactRoot>/mlflow/<p>}, and {@code runs:/<runId>/<p>}
 * is {@code <p>} under that tracking run's {@code artifact_uri} (itself an {@code
 * mlflow-artifacts:/} URI). Nothing outside {@code <artifactRoot>/mlflow} is ever read.
 */
public final class SourceResolver {

  static final String ARTIFACTS = "mlflow-artifacts:";
  static final String RUNS = "runs:/";

  private final Path mlflowRoot;
  private final Function<String, Optional<String>> runArtifactUri;

  /**
   * @param artifactRoot Keel's artifact root
   * @param runArtifactUri the {@code artifact_uri} of a tracking run by its id, empty when there is
   *     no such run
   */
  public SourceResolver(Path artifactRoot, Function<String, Optional<String>> runArtifactUri) {
    this.mlflowRoot = artifactRoot.resolve("mlflow").toAbsolutePath().normalize();
    this.runArtifactUri = runArtifactUri;
  }

  /** The path of a source; {@link IllegalArgumentException} saying why it cannot be resolved. */
  public Path resolve(String source) {
    if (source == null || source.isBlank()) {
      throw new IllegalArgumentException("the version has no source URI to import from");
    }
    if (source.startsWith(RUNS)) {
      String rest = source.substring(RUNS.length());
      int slash = rest.indexOf('/');
      String runId = slash < 0 ? rest : rest.substring(0, slash);
      String path = slash < 0 ? "" : rest.substring(slash + 1);
      String base =
          runArtifactUri
              .apply(runId)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "source '"
                              + source
                              + "' names tracking run '"
                              + runId
                              + "', which does not exist"));
      if (!base.startsWith(ARTIFACTS)) {
        throw new IllegalArgumentException(
            "tracking run '"
                + runId
                + "' keeps its artifacts at '"
                + base
                + "', which is not in Keel's artifact store (expected mlflow-artifacts:/...)");
      }
      return resolve(path.isEmpty() ? base : base.replaceAll("/+$", "") + "/" + path);
    }
    if (source.startsWith(ARTIFACTS)) {
      String relative = source.substring(ARTIFACTS.length()).replaceFirst("^/+", "");
      Path path = mlflowRoot.resolve(relative).normalize();
      if (!path.startsWith(mlflowRoot)) {
        throw new IllegalArgumentException(
            "source '" + source + "' points outside Keel's artifact store");
      }
      return path;
    }
    throw new IllegalArgumentException(
        "source '"
            + source
            + "' cannot be imported: expected an "
            + "mlflow-artifacts:/... or runs:/<run_id>/... URI of Keel's own artifact store");
  }
}
