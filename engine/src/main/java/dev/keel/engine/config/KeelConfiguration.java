package dev.keel.engine.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keel.engine.dev.DevStack;
import io.dropwizard.core.Configuration;
import io.dropwizard.db.DataSourceFactory;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Configuration of {@code ./keel server}, {@code ./keel worker} and {@code ./keel db migrate}.
 * {@code ./keel dev} builds the same configuration itself, pointing at its embedded PostgreSQL and
 * Temporal test server.
 */
public class KeelConfiguration extends Configuration {

  /**
   * PostgreSQL. Defaults to a local server's {@code keel} database as user {@code keel}; developer
   * mode points it at its embedded server.
   */
  @Valid
  @NotNull
  @JsonProperty
  @com.fasterxml.jackson.databind.annotation.JsonDeserialize(as = DatabaseSettings.class)
  private DataSourceFactory database = defaultDatabase();

  @Valid @NotNull @JsonProperty private TemporalSettings temporal = new TemporalSettings();

  /**
   * Local directory of the artifact store, shared by engine and workers; with {@code
   * artifactStore.type: s3} it still holds MLflow's proxied artifacts and developer mode's key
   * files.
   */
  @NotBlank @JsonProperty private String artifactRoot = ".keel/artifacts";

  @Valid @NotNull @JsonProperty private WorkerSettings worker = new WorkerSettings();

  @Valid @NotNull @JsonProperty private DatasetSettings datasets = new DatasetSettings();

  @Valid @NotNull @JsonProperty private WebhookSettings webhooks = new WebhookSettings();

  @Valid @NotNull @JsonProperty private ServingSettings serving = new ServingSettings();

  @Valid @NotNull @JsonProperty private MlflowSettings mlflow = new MlflowSettings();

  /** Whether the engine also runs a compute worker in-process (as in developer mode). */
  @JsonProperty private boolean embeddedWorker = false;

  /** Set by developer mode: Temporal is the in-process test server (no sticky queues). */
  private boolean devMode = false;

  /** Set by developer mode: the embedded services, handed to the application's lifecycle. */
  @JsonIgnore private DevStack devStack;

  @Valid @NotNull @JsonProperty private AuthSettings auth = new AuthSettings();

  @Valid @NotNull @JsonProperty
  private ArtifactEncryptionSettings artifactEncryption = new ArtifactEncryptionSettings();

  @Valid @NotNull @JsonProperty
  private ArtifactStoreSettings artifactStore = new ArtifactStoreSettings();

  public ArtifactStoreSettings getArtifactStore() {
    return artifactStore;
  }

  public ArtifactEncryptionSettings getArtifactEncryption() {
    return artifactEncryption;
  }

  public AuthSettings getAuth() {
    return auth;
  }

  public DataSourceFactory getDatabase() {
    return database;
  }

  public void setDatabase(DataSourceFactory database) {
    this.database = database;
  }

  private static DataSourceFactory defaultDatabase() {
    DataSourceFactory db = new DatabaseSettings();
    db.setDriverClass("org.postgresql.Driver");
    db.setUrl("jdbc:postgresql://127.0.0.1:5432/keel");
    db.setUser("keel");
    return db;
  }

  public TemporalSettings getTemporal() {
    return temporal;
  }

  public String getArtifactRoot() {
    return artifactRoot;
  }

  public void setArtifactRoot(String artifactRoot) {
    this.artifactRoot = artifactRoot;
  }

  public WorkerSettings getWorker() {
    return worker;
  }

  public DatasetSettings getDatasets() {
    return datasets;
  }

  public WebhookSettings getWebhooks() {
    return webhooks;
  }

  public ServingSettings getServing() {
    return serving;
  }

  public MlflowSettings getMlflow() {
    return mlflow;
  }

  public boolean isEmbeddedWorker() {
    return embeddedWorker;
  }

  public void setEmbeddedWorker(boolean embeddedWorker) {
    this.embeddedWorker = embeddedWorker;
  }

  public boolean isDevMode() {
    return devMode;
  }

  public void setDevMode(boolean devMode) {
    this.devMode = devMode;
  }

  @JsonIgnore
  public DevStack getDevStack() {
    return devStack;
  }

  public void setDevStack(DevStack devStack) {
    this.devStack = devStack;
  }
}
