package dev.keel.engine;

import com.codahale.metrics.MetricFilter;
import com.codahale.metrics.health.HealthCheck;
import dev.keel.engine.api.BodyLimitFilter;
import dev.keel.engine.api.ErrorMappers;
import dev.keel.engine.api.JsonErrorHandler;
import dev.keel.engine.api.NoNul;
import dev.keel.engine.api.RequestHeaders;
import dev.keel.engine.api.StrictJson;
import dev.keel.engine.audit.AuditFilter;
import dev.keel.engine.audit.AuditLog;
import dev.keel.engine.audit.AuditResource;
import dev.keel.engine.audit.AuditIntentFilter;
import dev.keel.engine.audit.AuditWriter;
import dev.keel.engine.auth.AuthFilter;
import dev.keel.engine.auth.Authenticator;
import dev.keel.engine.auth.IdentityResource;
import dev.keel.engine.auth.IdentityStore;
import dev.keel.engine.auth.OidcVerifier;
import dev.keel.engine.auth.Role;
import dev.keel.engine.codec.AesGcmPayloadCodec;
import dev.keel.engine.codec.ArtifactEncryption;
import dev.keel.engine.codec.CodecResource;
import dev.keel.engine.codec.PayloadEncryption;
import dev.keel.engine.console.ConsoleFeature;
import dev.keel.engine.config.ArtifactStoreSettings;
import dev.keel.engine.config.AuthSettings;
import dev.keel.engine.config.DatasetSettings;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.config.ServingSettings;
import dev.keel.engine.datasets.DatasetResource;
import dev.keel.engine.datasets.DatasetService;
import dev.keel.engine.datasets.DatasetVersionsResource;
import dev.keel.engine.datasets.SourcePolicy;
import dev.keel.engine.db.Migrations;
import dev.keel.engine.dev.DevCommand;
import dev.keel.engine.dev.DevStack;
import dev.keel.engine.erasure.ErasureActivitiesImpl;
import dev.keel.engine.erasure.ErasureResource;
import dev.keel.engine.erasure.ErasureService;
import dev.keel.engine.lifecycle.ApprovalResource;
import dev.keel.engine.lifecycle.DeploymentActivitiesImpl;
import dev.keel.engine.lifecycle.DriftResource;
import dev.keel.engine.lifecycle.LifecycleActivitiesImpl;
import dev.keel.engine.lifecycle.LifecycleService;
import dev.keel.engine.lifecycle.MonitorActivitiesImpl;
import dev.keel.engine.lifecycle.RetrainResource;
import dev.keel.engine.lifecycle.VersionApprovalResource;
import dev.keel.engine.lifecycle.VersionApprovals;
import dev.keel.engine.lineage.DatasetUsageResource;
import dev.keel.engine.lineage.LineageResource;
import dev.keel.engine.lineage.LineageService;
import dev.keel.engine.lineage.ReproduceResource;
import dev.keel.engine.lineage.ReproductionActivitiesImpl;
import dev.keel.engine.lineage.ReproductionResource;
import dev.keel.engine.lineage.ReproductionService;
import dev.keel.engine.metrics.KeelMetrics;
import dev.keel.engine.metrics.PendingApprovals;
import dev.keel.engine.mlflow.ArtifactsProxyResource;
import dev.keel.engine.mlflow.ExperimentsResource;
import dev.keel.engine.mlflow.MetricsResource;
import dev.keel.engine.mlflow.MlflowArtifactStore;
import dev.keel.engine.mlflow.MlflowErrors;
import dev.keel.engine.mlflow.ModelVersionService;
import dev.keel.engine.mlflow.ModelVersionsApiResource;
import dev.keel.engine.mlflow.RegisteredModelService;
import dev.keel.engine.mlflow.RegisteredModelsResource;
import dev.keel.engine.mlflow.RunArtifactsResource;
import dev.keel.engine.mlflow.RunsResource;
import dev.keel.engine.mlflow.TrackingService;
import dev.keel.engine.models.ModelResource;
import dev.keel.engine.models.ModelService;
import dev.keel.engine.models.ModelVersionsResource;
import dev.keel.engine.release.ImportActivitiesImpl;
import dev.keel.engine.release.ReleaseResource;
import dev.keel.engine.release.ReleaseService;
import dev.keel.engine.release.SourceResolver;
import dev.keel.engine.release.VersionImporter;
import dev.keel.engine.retention.RetentionActivitiesImpl;
import dev.keel.engine.retention.RetentionResource;
import dev.keel.engine.retention.RetentionService;
import dev.keel.engine.runs.ModelRunsResource;
import dev.keel.engine.runs.RegistryActivitiesImpl;
import dev.keel.engine.runs.RunReconciler;
import dev.keel.engine.runs.RunResource;
import dev.keel.engine.runs.RunRestartResource;
import dev.keel.engine.runs.RunService;
import dev.keel.engine.runs.TrackingActivitiesImpl;
import dev.keel.engine.serving.DeployResource;
import dev.keel.engine.serving.DeploymentService;
import dev.keel.engine.serving.DeploymentsResource;
import dev.keel.engine.serving.FeedbackResource;
import dev.keel.engine.serving.LiveQuality;
import dev.keel.engine.serving.LiveResource;
import dev.keel.engine.serving.NoopResource;
import dev.keel.engine.serving.PredictResource;
import dev.keel.engine.serving.PredictionLog;
import dev.keel.engine.serving.Predictor;
import dev.keel.engine.serving.Retention;
import dev.keel.engine.serving.RollbackResource;
import dev.keel.engine.serving.ServingHealth;
import dev.keel.engine.serving.ServingMetrics;
import dev.keel.engine.serving.ServingRegistry;
import dev.keel.engine.temporal.KeelWorkers;
import dev.keel.engine.temporal.TemporalConnection;
import dev.keel.workers.artifacts.ArtifactStore;
import dev.keel.workers.crypto.KeyRing;
import dev.keel.workers.training.Algorithms;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.jdbi3.JdbiFactory;
import io.micrometer.core.instrument.Clock;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.dropwizard.DropwizardExports;
import io.prometheus.client.hotspot.DefaultExports;
import io.prometheus.client.servlet.jakarta.exporter.MetricsServlet;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.jackson2.Jackson2Config;
import org.jdbi.v3.jackson2.Jackson2Plugin;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Keel engine: REST API, PostgreSQL store, Temporal client and control worker; in developer mode also the
 * compute worker. Wiring is by hand, here.
 */
public class KeelApplication extends Application<KeelConfiguration> {

  private static final Logger LOG = LoggerFactory.getLogger(KeelApplication.class);

  /** Largest JSON request body. */
  static final long JSON_LIMIT = 1024 * 1024;

  private final CollectorRegistry registry = new CollectorRegistry(true);
  private Wired wired;

  /** What {@link #run} wired, for commands and tests that drive the engine from inside. */
  public record Wired(Jdbi jdbi, TemporalConnection temporal, DatasetService datasets, ModelService models,
      RunService runs, RunReconciler reconciler, ArtifactStore artifacts, CollectorRegistry registry,
      Serving serving, LifecycleService lifecycles, IdentityStore identities) {}

  /** The serving layer, for the activities and tests that drive it from inside. */
  public record Serving(DeploymentService deployments, ServingRegistry registry, Predictor predictor,
      PredictionLog log, LiveQuality quality, Retention retention) {}

  public static void main(String[] args) throws Exception {
    new KeelApplication().run(args);
  }

  @Override
  public String getName() {
    return "keel";
  }

  @Override
  public void initialize(Bootstrap<KeelConfiguration> bootstrap) {
    // ${VAR} in configuration files comes from the environment, so secrets stay out of the file
    bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
        bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    bootstrap.addCommand(new DevCommand(this));
    bootstrap.addCommand(new WorkerCommand());
    bootstrap.addCommand(new DbCommand());
    bootstrap.addCommand(new dev.keel.engine.audit.AuditCommand());
    bootstrap.addCommand(new dev.keel.engine.auth.TokenCommand());
    bootstrap.addCommand(new dev.keel.engine.bench.BenchCommand());
  }

  @Override
  public void run(KeelConfiguration config, Environment env) {
    DevStack dev = config.getDevStack();
    if (dev != null) {
      env.lifecycle().manage(dev); // first: stopped last
    }
    ((AbstractServerFactory) config.getServerFactory()).setRegisterDefaultExceptionMappers(false);
    ErrorMappers.register(env.jersey().getResourceConfig());
    env.lifecycle().addEventListener(JsonErrorHandler.installer());
    env.getApplicationContext().setErrorHandler(new JsonErrorHandler.Servlet());
    env.getAdminContext().setErrorHandler(new JsonErrorHandler.Servlet());
    StrictJson strict = new StrictJson(env.getObjectMapper());
    env.jersey().register(strict.feature());
    env.jersey().register(new NoNul.Params());
    env.jersey().register(new RequestHeaders());

    Jdbi jdbi = database(config, env);
    Migrations.migrate(jdbi);
    ArtifactStore artifacts = ArtifactEncryption.store(config);
    env.lifecycle().manage(new Managed() {
      @Override
      public void stop() {
        artifacts.close();
      }
    });
    if (config.getArtifactStore().getType() == ArtifactStoreSettings.Type.S3) {
      LOG.warn("datasets and models are in {}; MLflow's proxied artifacts (mlflow-artifacts:/) stay in this "
          + "engine's local directory {}: engines that take MLflow uploads and imports must share that directory",
          artifacts.location(), Path.of(config.getArtifactRoot(), "mlflow").toAbsolutePath());
    }

    DefaultExports.register(registry);
    registry.register(new DropwizardExports(env.metrics(), (name, metric) -> !name.startsWith("jvm.")));
    KeelMetrics metrics = new KeelMetrics(registry);
    registry.register(new PendingApprovals(jdbi));
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, registry, Clock.SYSTEM);
    env.admin().addServlet("prometheus", new MetricsServlet(registry)).addMapping("/metrics");

    KeyRing payloadKeys = PayloadEncryption.keys(config.getTemporal().getEncryption(), config.isDevMode(),
        config.getArtifactRoot()).orElse(null);
    TemporalConnection temporal = new TemporalConnection(config.getTemporal(), meters, payloadKeys);
    env.lifecycle().manage(temporal);
    env.healthChecks().register("temporal", new HealthCheck() {
      @Override
      protected Result check() {
        return temporal.stubs().healthCheck().getStatus().name().equals("SERVING") ? Result.healthy()
            : Result.unhealthy("Temporal frontend at " + config.getTemporal().getTarget() + " is not serving");
      }
    });

    BuildInfo build = BuildInfo.load();
    DatasetSettings datasetSettings = config.getDatasets();
    DatasetService datasets = new DatasetService(jdbi, artifacts, datasetSettings.getMaxBytes(),
        Duration.ofSeconds(datasetSettings.getFetchTimeoutSeconds()), new SourcePolicy(datasetSettings.getFileRoots(),
            datasetSettings.getUrlAllowList(), datasetSettings.isAllowPrivateAddresses(), config.isDevMode()
                ? "start keel dev with --allow-dir DIR to read files under DIR"
                : "add the directory to datasets.fileRoots in the configuration file"));
    ModelService models = new ModelService(jdbi, Set.copyOf(Algorithms.CLASSIFICATION), Set.copyOf(Algorithms.REGRESSION));
    LifecycleService lifecycles = new LifecycleService(jdbi, temporal.client(), models, datasets,
        config.getWorker().getPipelineQueue());
    RunService runs = new RunService(jdbi, temporal.client(), models, datasets, metrics, build,
        config.getWorker().getPipelineQueue(), lifecycles);

    Serving serving = serving(config, env, jdbi, artifacts, models);

    MonitorActivitiesImpl monitor = new MonitorActivitiesImpl(jdbi, models, datasets, serving.deployments(),
        serving.predictor(), serving.quality(), metrics, env.getObjectMapper());
    KeelWorkers.Builder workers = KeelWorkers.builder(temporal.client(), config.isDevMode())
        .control(new RegistryActivitiesImpl(jdbi, metrics),
            new DeploymentActivitiesImpl(serving.deployments(), serving.predictor(), lifecycles),
            new LifecycleActivitiesImpl(jdbi, runs, models, serving.deployments(), lifecycles, metrics),
            monitor, new ReproductionActivitiesImpl(jdbi), new TrackingActivitiesImpl(jdbi),
            new ImportActivitiesImpl(importer(jdbi, artifacts, ArtifactEncryption.mlflowStore(config),
                Path.of(config.getArtifactRoot()), env)),
            new ErasureActivitiesImpl(jdbi, artifacts, datasets, lifecycles, env.getObjectMapper()),
            new RetentionActivitiesImpl(jdbi, serving.retention(), new MlflowArtifactStore(Path.of(config.getArtifactRoot())),
                config.getMlflow().getRunArtifactRetentionDays()));
    if (config.isEmbeddedWorker()) {
      workers.pipelines(config.getWorker()).compute(config.getWorker(), artifacts);
    }
    env.lifecycle().manage(workers.build());
    RetentionService retention = new RetentionService(jdbi, temporal.client(), config.getWorker().getPipelineQueue(),
        config.getServing().getRetentionCheckMinutes());
    env.lifecycle().manage(retention);
    env.jersey().register(new RetentionResource(retention));
    env.jersey().register(new ErasureResource(new ErasureService(jdbi, temporal.client(),
        config.getWorker().getPipelineQueue(), env.getObjectMapper())));
    RunReconciler reconciler = new RunReconciler(jdbi, temporal.client(), metrics);
    env.lifecycle().manage(reconciler);
    env.lifecycle().manage(lifecycles);

    IdentityStore identities = new IdentityStore(jdbi);
    AuthSettings auth = config.getAuth();
    if (auth.getBootstrapToken() != null && !auth.getBootstrapToken().isBlank()) {
      identities.bootstrap("admin", auth.getBootstrapToken(), List.of(Role.values()));
    }
    Authenticator authenticator = new Authenticator(identities,
        auth.getOidc() == null || auth.getOidc().getIssuer() == null ? null
            : new OidcVerifier(auth.getOidc()), auth.getTokenCacheSeconds());
    env.jersey().register(new AuthFilter(authenticator, jdbi, auth.isEnabled()));
    env.jersey().register(new IdentityResource(identities, authenticator));
    ConsoleFeature.register(env, authenticator, auth.isEnabled(), models, datasets, serving);
    AuditLog audit = new AuditLog(jdbi);
    AuditWriter auditWriter = new AuditWriter(jdbi);
    env.lifecycle().manage(auditWriter);
    env.jersey().register(new AuditFilter(auditWriter));
    env.jersey().register(new AuditIntentFilter(auditWriter));
    env.jersey().register(new AuditResource(audit));
    env.jersey().register(new BodyLimitFilter(config.getDatasets().getMaxBytes(), JSON_LIMIT,
        config.getMlflow().getMaxArtifactBytes()));
    env.jersey().register(new DatasetResource(datasets, lifecycles));
    env.jersey().register(new DatasetVersionsResource(datasets));
    env.jersey().register(new ModelResource(models, lifecycles));
    env.jersey().register(new ModelVersionsResource(models));
    env.jersey().register(new ReleaseResource(new ReleaseService(jdbi, temporal.client(), runs, metrics,
        env.getObjectMapper(), config.getWorker().getPipelineQueue()), strict));
    env.jersey().register(new ModelRunsResource(runs));
    env.jersey().register(new RunResource(runs));
    env.jersey().register(new RunRestartResource(runs));
    ReproductionService reproductions = new ReproductionService(jdbi, temporal.client(), models, build,
        config.getWorker().getPipelineQueue());
    LineageService lineage = new LineageService(jdbi, models, datasets, reproductions, env.getObjectMapper());
    env.jersey().register(new LineageResource(lineage));
    env.jersey().register(new DatasetUsageResource(lineage));
    env.jersey().register(new ReproduceResource(reproductions));
    env.jersey().register(new ReproductionResource(reproductions));

    env.jersey().register(new PredictResource(serving.predictor()));
    env.jersey().register(new FeedbackResource(serving.quality()));
    env.jersey().register(new LiveResource(serving.quality()));
    env.jersey().register(new DeploymentsResource(serving.deployments()));
    env.jersey().register(new DeployResource(serving.deployments()));
    env.jersey().register(new RollbackResource(lifecycles, serving.deployments()));
    env.jersey().register(new ApprovalResource(lifecycles));
    env.jersey().register(new VersionApprovalResource(new VersionApprovals(jdbi)));
    env.jersey().register(new RetrainResource(lifecycles));
    env.jersey().register(new DriftResource(jdbi, models, env.getObjectMapper(), monitor));
    env.jersey().register(new NoopResource());
    env.jersey().register(new CodecResource(payloadKeys == null ? null : new AesGcmPayloadCodec(payloadKeys),
        config.getTemporal().getNamespace(), config.getTemporal().getEncryption().getUiOrigins()));

    // MLflow's tracking REST API, with MLflow's error shape under its prefix
    TrackingService tracking = new TrackingService(jdbi);
    env.jersey().register(new MlflowErrors.Mapper());
    env.jersey().register(new MlflowErrors.Shape());
    env.jersey().register(new ExperimentsResource(tracking));
    env.jersey().register(new RunsResource(tracking));
    env.jersey().register(new MetricsResource(tracking));
    registry(env, jdbi, ArtifactEncryption.mlflowStore(config));

    wired = new Wired(jdbi, temporal, datasets, models, runs, reconciler, artifacts, registry, serving, lifecycles,
        identities);
  }

  /** MLflow's model registry over Keel's one registry, and the MLflow artifact proxy. */
  private static void registry(Environment env, Jdbi jdbi, MlflowArtifactStore store) {
    env.jersey().register(new RegisteredModelsResource(new RegisteredModelService(jdbi)));
    env.jersey().register(new ModelVersionsApiResource(new ModelVersionService(jdbi, env.getObjectMapper())));
    env.jersey().register(new ArtifactsProxyResource(store));
    env.jersey().register(new RunArtifactsResource(jdbi, store));
  }

  private Serving serving(KeelConfiguration config, Environment env, Jdbi jdbi, ArtifactStore artifacts,
      ModelService models) {
    ServingSettings settings = config.getServing();
    ServingMetrics metrics = new ServingMetrics(registry);
    ServingRegistry served = new ServingRegistry(jdbi, artifacts, env.getObjectMapper(), settings.getPollMillis(),
        metrics::served);
    DeploymentService deployments = new DeploymentService(jdbi, metrics, served::refresh);
    PredictionLog log = new PredictionLog(jdbi, env.getObjectMapper(), metrics, settings.getLogBatchSize(),
        settings.getLogQueueCapacity(), settings.getLogFlushMillis());
    ServingHealth health = new ServingHealth(jdbi, settings.getHealthFlushMillis());
    env.lifecycle().manage(health);
    Predictor predictor = new Predictor(served, models, log, metrics, health, settings.getMaxBatch());
    LiveQuality quality = new LiveQuality(jdbi, models, deployments, log, metrics, settings.getLiveWindow());
    Retention retention = new Retention(jdbi, settings.getRetentionDays());
    env.lifecycle().manage(log);
    env.lifecycle().manage(served);
    return new Serving(deployments, served, predictor, log, quality, retention);
  }

  /**
   * Imports released versions from the MLflow artifact store under the local artifact root into the artifact store
   * (which may be a bucket).
   */
  private static VersionImporter importer(Jdbi jdbi, ArtifactStore artifacts, MlflowArtifactStore uploads,
      Path artifactRoot, Environment env) {
    SourceResolver sources = new SourceResolver(artifactRoot, runId -> jdbi.withHandle(h -> h.createQuery(
            "SELECT artifact_uri FROM tracking_runs WHERE run_uuid = :id")
        .bind("id", runId).mapTo(String.class).findOne()));
    return new VersionImporter(jdbi, artifacts, sources, uploads::read, env.getObjectMapper());
  }

  public Wired wired() {
    return wired;
  }

  static Jdbi database(KeelConfiguration config, Environment env) {
    Jdbi jdbi = new JdbiFactory().build(env, config.getDatabase(), "postgresql");
    jdbi.installPlugin(new PostgresPlugin());
    jdbi.installPlugin(new Jackson2Plugin());
    jdbi.getConfig(Jackson2Config.class).setMapper(env.getObjectMapper());
    return jdbi;
  }
}
