package dev.keel.engine.mlflow;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keel.engine.mlflow.RegistryViews.Tag;
import java.util.List;

/**
 * Request bodies of MLflow's model-registry API, with MLflow's field names. Unknown fields are
 * ignored, as MLflow's server ignores them. Versions may arrive as JSON strings or numbers; both
 * are read as strings.
 */
public final class RegistryRequests {

  private RegistryRequests() {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CreateModel(String name, List<Tag> tags, String description) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ModelName(String name) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record RenameModel(String name, @JsonProperty("new_name") String newName) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record UpdateModel(String name, String description) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record LatestVersions(String name, List<String> stages) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ModelTag(String name, String key, String value) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record SetAlias(String name, String alias, String version) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DeleteAlias(String name, String alias) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record CreateVersion(
      String name,
      String source,
      @JsonProperty("run_id") String runId,
      List<Tag> tags,
      @JsonProperty("run_link") String runLink,
      String description) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record VersionRef(String name, String version) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record UpdateVersion(String name, String version, String description) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record VersionTag(String name, String version, String key, String value) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TransitionStage(
      String name,
      String version,
      String stage,
      @JsonProperty("archive_existing_versions") Boolean archiveExistingVersions) {}
}
