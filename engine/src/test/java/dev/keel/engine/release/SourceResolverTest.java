package dev.keel.engine.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * MLflow source URIs map onto the artifact store as the MLflow artifact API lays it out, and
 * nowhere else.
 */
class SourceResolverTest {

  static final Path ROOT = Path.of("/srv/keel/artifacts");
  static final SourceResolver RESOLVER =
      new SourceResolver(
          ROOT,
          id ->
              Optional.ofNullable(
                  Map.of(
                          "abc123",
                          "mlflow-artifacts:/7/abc123/artifacts",
                          "elsewhere",
                          "s3://bucket/7/elsewhere/artifacts")
                      .get(id)));

  @Test
  void mlflowArtifactsUrisLiveUnderTheMlflowDirectory() {
    assertThat(RESOLVER.resolve("mlflow-artifacts:/7/abc123/artifacts/model"))
        .isEqualTo(ROOT.resolve("mlflow/7/abc123/artifacts/model"));
  }

  @Test
  void runsUrisResolveThroughTheTrackingRunsArtifactUri() {
    assertThat(RESOLVER.resolve("runs:/abc123/model"))
        .isEqualTo(ROOT.resolve("mlflow/7/abc123/artifacts/model"));
    assertThat(RESOLVER.resolve("runs:/abc123"))
        .isEqualTo(ROOT.resolve("mlflow/7/abc123/artifacts"));
  }

  @Test
  void unknownRunsOtherStoresAndEscapesAreRefused() {
    assertThatThrownBy(() -> RESOLVER.resolve("runs:/nope/model"))
        .hasMessage("source 'runs:/nope/model' names tracking run 'nope', which does not exist");
    assertThatThrownBy(() -> RESOLVER.resolve("runs:/elsewhere/model"))
        .hasMessageContaining("is not in Keel's artifact store");
    assertThatThrownBy(() -> RESOLVER.resolve("s3://bucket/model"))
        .hasMessageContaining("expected an mlflow-artifacts:/... or runs:/<run_id>/... URI");
    assertThatThrownBy(() -> RESOLVER.resolve("mlflow-artifacts:/../../etc"))
        .hasMessageContaining("points outside Keel's artifact store");
    assertThatThrownBy(() -> RESOLVER.resolve(null)).hasMessageContaining("no source URI");
  }
}
