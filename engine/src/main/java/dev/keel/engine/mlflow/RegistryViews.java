package dev.keel.engine.mlflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The model registry's entities as MLflow's REST API renders them (field names and types of
 * MLflow's protobuf JSON: versions are strings, times are epoch milliseconds, absent fields are
 * left out).
 */
public final class RegistryViews {

  private RegistryViews() {}

  /** The only stage a version has: MLflow's stages are deprecated in favour of aliases. */
  public static final String STAGE_NONE = "None";

  /** MLflow's status of a version whose registration is complete. */
  public static final String READY = "READY";

  /** A tag of a registered model or a model version. */
  public record Tag(String key, String value) {}

  /** An alias of a registered model and the version it points at. */
  public record Alias(String alias, String version) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RegisteredModel(
      String name,
      @JsonProperty("creation_timestamp") long creationTimestamp,
      @JsonProperty("last_updated_timestamp") long lastUpdatedTimestamp,
      String description,
      @JsonProperty("latest_versions") List<ModelVersion> latestVersions,
      List<Tag> tags,
      List<Alias> aliases) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ModelVersion(
      String name,
      String version,
      @JsonProperty("creation_timestamp") long creationTimestamp,
      @JsonProperty("last_updated_timestamp") long lastUpdatedTimestamp,
      @JsonProperty("user_id") String userId,
      @JsonProperty("current_stage") String currentStage,
      String description,
      String source,
      @JsonProperty("run_id") String runId,
      String status,
      @JsonProperty("run_link") String runLink,
      List<Tag> tags,
      List<String> aliases) {}

  /** The answer of {@code registered-models/search}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RegisteredModelsPage(
      @JsonProperty("registered_models") List<RegisteredModel> registeredModels,
      @JsonProperty("next_page_token") String nextPageToken) {}

  /** The answer of {@code model-versions/search}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ModelVersionsPage(
      @JsonProperty("model_versions") List<ModelVersion> modelVersions,
      @JsonProperty("next_page_token") String nextPageToken) {}
}
