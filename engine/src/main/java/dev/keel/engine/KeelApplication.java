package dev.keel.engine;

import dev.keel.engine.api.ApiFeature;
import dev.keel.engine.audit.AuditCommand;
import dev.keel.engine.audit.AuditFeature;
import dev.keel.engine.auth.AuthFeature;
import dev.keel.engine.auth.IdentityStore;
import dev.keel.engine.auth.TokenCommand;
import dev.keel.engine.bench.BenchCommand;
import dev.keel.engine.codec.CodecFeature;
import dev.keel.engine.config.KeelConfiguration;
import dev.keel.engine.console.ConsoleFeature;
import dev.keel.engine.datasets.DatasetService;
import dev.keel.engine.datasets.DatasetsFeature;
import dev.keel.engine.db.Database;
import dev.keel.engine.dev.DevCommand;
import dev.keel.engine.dev.DevStack;
import dev.keel.engine.dev.RunningEngine;
import dev.keel.engine.erasure.ErasureFeature;
import dev.keel.engine.lifecycle.LifecycleFeature;
import dev.keel.engine.lifecycle.LifecycleService;
import dev.keel.engine.lineage.LineageFeature;
import dev.keel.engine.metrics.MetricsFeature;
import dev.keel.engine.mlflow.MlflowFeature;
import dev.keel.engine.models.ModelService;
import dev.keel.engine.models.ModelsFeature;
import dev.keel.engine.release.ReleaseFeature;
import dev.keel.engine.retention.RetentionFeature;
import dev.keel.engine.runs.RunReconciler;
import dev.keel.engine.runs.RunService;
import dev.keel.engine.runs.RunsFeature;
import dev.keel.engine.schedule.ScheduleFeature;
import dev.keel.engine.serving.ServingFeature;
import dev.keel.engine.temporal.TemporalConnection;
import dev.keel.engine.temporal.TemporalFeature;
import dev.keel.engine.webhooks.WebhooksFeature;
import dev.keel.engine.wiring.Core;
import dev.keel.ml.artifacts.ArtifactStore;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.prometheus.client.CollectorRegistry;
import org.jdbi.v3.core.Jdbi;

/**
 * The Keel engine: REST API, PostgreSQL store, Temporal client and control worker; in developer
 * mode also the compute worker. Wiring is by hand: each feature package has a {@code …Feature}
 * class that builds its objects, registers its resources and managed objects, and exposes what
 * other features need.
 */
public class KeelApplication extends Application<KeelConfiguration> {

  private Wired wired;

  /** What {@link #run} wired, for commands and tests that drive the engine from inside. */
  public record Wired(
      Jdbi jdbi,
      TemporalConnection temporal,
      DatasetService datasets,
      ModelService models,
      RunService runs,
      RunReconciler reconciler,
      ArtifactStore artifacts,
      CollectorRegistry registry,
      ServingFeature serving,
      LifecycleService lifecycles,
      IdentityStore identities)
      implements RunningEngine {}

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
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
    bootstrap.addCommand(new DevCommand(this, this::wired));
    bootstrap.addCommand(new WorkerCommand());
    bootstrap.addCommand(new DbCommand());
    bootstrap.addCommand(new AuditCommand());
    bootstrap.addCommand(new TokenCommand());
    bootstrap.addCommand(new BenchCommand());
  }

  @Override
  public void run(KeelConfiguration config, Environment env) {
    DevStack dev = config.getDevStack();
    if (dev != null) {
      env.lifecycle().manage(dev); // first: stopped last
    }
    ApiFeature api = ApiFeature.install(config, env);
    Jdbi jdbi = Database.open(config, env);
    CodecFeature codec = CodecFeature.install(config, env);
    MetricsFeature metrics = MetricsFeature.install(env, jdbi);
    TemporalFeature temporal =
        TemporalFeature.install(config, env, metrics.meters(), codec.payloadKeys());
    Core core =
        new Core(
            config,
            env.getObjectMapper(),
            jdbi,
            codec.artifacts(),
            metrics.keel(),
            temporal.client());

    BuildInfo build = BuildInfo.load();
    DatasetsFeature datasets = new DatasetsFeature(core);
    ModelsFeature models = new ModelsFeature(core);
    ServingFeature serving = new ServingFeature(core, metrics.registry(), models.service());
    WebhooksFeature webhooks = new WebhooksFeature(core);
    LifecycleFeature lifecycle =
        new LifecycleFeature(
            core, models.service(), datasets.service(), serving, webhooks.publisher());
    RunsFeature runs =
        new RunsFeature(
            core,
            build,
            models.service(),
            datasets.service(),
            lifecycle.service(),
            webhooks.publisher());
    ReleaseFeature release =
        new ReleaseFeature(core, runs.service(), codec.mlflowStore(), api.strict());
    LineageFeature lineage = new LineageFeature(core, build, models.service(), datasets.service());
    ErasureFeature erasure = new ErasureFeature(core, datasets.service(), lifecycle.service());
    RetentionFeature retention = new RetentionFeature(core, serving.retention());
    AuthFeature auth = new AuthFeature(core);
    AuditFeature audit = new AuditFeature(core);
    MlflowFeature mlflow = new MlflowFeature(core, codec.mlflowStore());
    ScheduleFeature schedules = new ScheduleFeature(core, models.service(), lifecycle.service());

    // Managed objects start in this order and stop in reverse: the serving layer, the workers,
    // retention, the run
    // reconciler, the lifecycles, the audit writer (WiringOrderTest). Filters keep the order they
    // always had:
    // request headers, auth, audit, body limits, MLflow's error shape.
    serving.register(env, lifecycle.service(), webhooks.publisher());
    temporal.manageWorkers(
        env,
        core.artifacts(),
        runs.activities(),
        lifecycle.activities(runs.service()),
        lineage.activities(),
        release.activities(),
        erasure.activities(),
        retention.activities(),
        schedules.activities(),
        webhooks.activities());
    retention.register(env);
    erasure.register(env);
    runs.register(env);
    lifecycle.register(env);
    schedules.register(env);
    auth.register(env);
    ConsoleFeature.register(
        env,
        auth.authenticator(),
        config.getAuth().isEnabled(),
        models.service(),
        datasets.service(),
        serving);
    audit.register(env);
    api.limitBodies(env);
    datasets.register(env, lifecycle.service());
    models.register(env, lifecycle.service(), schedules.service()::fromDefinition);
    release.register(env);
    lineage.register(env);
    mlflow.register(env);
    webhooks.register(env);

    wired =
        new Wired(
            jdbi,
            temporal.connection(),
            datasets.service(),
            models.service(),
            runs.service(),
            runs.reconciler(),
            core.artifacts(),
            metrics.registry(),
            serving,
            lifecycle.service(),
            auth.identities());
  }

  public Wired wired() {
    return wired;
  }
}
