package dev.keel.engine.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;

/**
 * Registers versions the way the MLflow registry API does (a model without a training definition, a
 * version with format 'external' and an MLflow source URI), and puts model files where the MLflow
 * artifact API stores them: {@code mlflow-artifacts:/<p>} at {@code <artifactRoot>/mlflow/<p>}.
 */
final class ExternalVersions {

  private ExternalVersions() {}

  /**
   * Registers version {@code version} of {@code model} (creating the model) with {@code source}.
   */
  static void register(Jdbi jdbi, String model, int version, String source) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "INSERT INTO models (name, task, definition) VALUES (:name, NULL, "
                      + "jsonb_build_object('name', CAST(:name AS text))) ON CONFLICT (name) DO NOTHING")
              .bind("name", model)
              .execute();
          h.createUpdate(
                  """
              INSERT INTO model_versions (model_id, version, run_id, artifact, signature, metrics, gates, lineage,
                                          status, format, source)
              SELECT id, :version, NULL, '', '[]', '{}', '[]', '{}', 'READY', 'external', :source
              FROM models WHERE name = :name""")
              .bind("name", model)
              .bind("version", version)
              .bind("source", source)
              .execute();
        });
  }

  /** Tags a version, as MLflow's set-model-version-tag would. */
  static void tag(Jdbi jdbi, String model, int version, String key, String value) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    """
            INSERT INTO model_version_tags (model_id, version, key, value)
            SELECT id, :version, :key, :value FROM models WHERE name = :name""")
                .bind("name", model)
                .bind("version", version)
                .bind("key", key)
                .bind("value", value)
                .execute());
  }

  /**
   * Writes an MLflow model directory ({@code model.onnx}, and {@code MLmodel} when given) for a
   * source URI.
   */
  static void write(String artifactRoot, String source, byte[] onnx, String mlmodel) {
    Path dir =
        Path.of(artifactRoot, "mlflow").resolve(source.substring("mlflow-artifacts:/".length()));
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve("model.onnx"), onnx);
      if (mlmodel != null) {
        Files.writeString(dir.resolve("MLmodel"), mlmodel);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
