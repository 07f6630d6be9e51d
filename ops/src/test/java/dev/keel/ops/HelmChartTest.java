package dev.keel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops/helm/keel rendered with its default values, with values-production.yaml and with chart-made
 * secrets.
 */
class HelmChartTest {

  private static final Path VALUES = Repo.path("ops/helm/keel/values.yaml");
  private static final Path PRODUCTION = Repo.path("ops/helm/keel/values-production.yaml");
  private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|KEYS|TOKEN|SECRET).*");

  /** Secret values handed to the chart in one render: none may show up outside a Secret. */
  private static final Map<String, Object> CHART_SECRETS =
      new LinkedHashMap<>(
          Map.of(
              "secrets.existingSecret", "",
              "secrets.values.dbPassword", "db-pw-7f3a9c",
              "secrets.values.payloadKeys", "k1:cGF5bG9hZC1rZXktZm9yLXRlc3RzLW9ubHktMzJieXQ=",
              "secrets.values.artifactKeys", "a1:YXJ0aWZhY3Qta2V5LWZvci10ZXN0cy1vbmx5LTMyYnk=",
              "secrets.values.bootstrapToken", "keel_boot_5e1c2b"));

  private static Chart.Rendered render(Path dir, Path values, Map<String, Object> set) {
    return Chart.stage(dir).template(values, set);
  }

  private static List<PodSpec> podSpecs(Chart.Rendered r) {
    List<PodSpec> pods = new ArrayList<>();
    r.all(Deployment.class).forEach(d -> pods.add(d.getSpec().getTemplate().getSpec()));
    r.all(Job.class).forEach(j -> pods.add(j.getSpec().getTemplate().getSpec()));
    return pods;
  }

  private static Deployment engine(Chart.Rendered r) {
    return r.one(Deployment.class, "keel-engine");
  }

  private static Map<String, JsonNode> pools(Path values) {
    Map<String, JsonNode> pools = new LinkedHashMap<>();
    JsonNode base = Repo.yaml(VALUES).at("/workers/pools");
    base.fields().forEachRemaining(e -> pools.put(e.getKey(), e.getValue()));
    if (values != null) {
      Repo.yaml(values)
          .at("/workers/pools")
          .fields()
          .forEachRemaining(
              e -> {
                JsonNode merged =
                    pools.containsKey(e.getKey())
                        ? Repo.JSON.valueToTree(
                            mergeMaps(
                                Repo.JSON.convertValue(pools.get(e.getKey()), Map.class),
                                Repo.JSON.convertValue(e.getValue(), Map.class)))
                        : e.getValue();
                pools.put(e.getKey(), merged);
              });
    }
    pools.values().removeIf(p -> !p.path("enabled").asBoolean());
    return pools;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mergeMaps(Map<String, Object> a, Map<String, Object> b) {
    Map<String, Object> out = new LinkedHashMap<>(a);
    b.forEach(
        (k, v) ->
            out.put(
                k,
                v instanceof Map && out.get(k) instanceof Map
                    ? mergeMaps((Map<String, Object>) out.get(k), (Map<String, Object>) v)
                    : v));
    return out;
  }

  @Test
  void helmLintPassesStrictlyWithTheDefaultsAndWithTheProductionValues(
      @TempDir Path a, @TempDir Path b) {
    LintResult defaults = Chart.stage(a).lint(null);
    assertThat(defaults.isFailed()).as(String.join("\n", defaults.getMessages())).isFalse();
    LintResult production = Chart.stage(b).lint(PRODUCTION);
    assertThat(production.isFailed()).as(String.join("\n", production.getMessages())).isFalse();
  }

  @Test
  void theChartReadsAlertsAndDashboardsThroughLinksIntoTheirOneSource() throws IOException {
    Path files = Repo.path("ops/helm/keel/files");
    assertThat(Files.isSymbolicLink(files.resolve("keel-alerts.yml"))).isTrue();
    assertThat(files.resolve("keel-alerts.yml").toRealPath())
        .isEqualTo(Repo.path("ops/prometheus/keel-alerts.yml").toRealPath());
    // one link per dashboard of ops/grafana/dashboards, none dangling, none missing
    Set<String> links = new java.util.TreeSet<>();
    try (var entries = Files.list(files.resolve("dashboards"))) {
      for (Path entry : entries.filter(f -> f.toString().endsWith(".json")).toList()) {
        assertThat(Files.isSymbolicLink(entry)).as("%s is a link, not a copy", entry).isTrue();
        assertThat(entry).as("%s resolves", entry).exists();
        assertThat(entry.toRealPath().getParent())
            .isEqualTo(Repo.path("ops/grafana/dashboards").toRealPath());
        links.add(entry.getFileName().toString());
      }
    }
    Set<String> dashboards = new java.util.TreeSet<>();
    Path source = Repo.path("ops/grafana/dashboards");
    if (Files.isDirectory(source)) {
      try (var entries = Files.list(source)) {
        entries
            .filter(f -> f.toString().endsWith(".json"))
            .forEach(f -> dashboards.add(f.getFileName().toString()));
      }
    }
    assertThat(links)
        .as(
            "links in ops/helm/keel/files/dashboards (for a new NAME.json, there: "
                + "ln -s ../../../../grafana/dashboards/NAME.json NAME.json)")
        .isEqualTo(dashboards);
  }

  @Test
  void theChartAsItIsInTheRepositoryLoadsAndLints() {
    LintResult inPlace =
        new com.marcnuri.helm.Helm(Repo.path("ops/helm/keel")).lint().strict().call();
    assertThat(inPlace.isFailed()).as(String.join("\n", inPlace.getMessages())).isFalse();
  }

  @Test
  void replicasProbesAndPoolsFollowTheValues(@TempDir Path a, @TempDir Path b) {
    for (Path values : new Path[] {null, PRODUCTION}) {
      Chart.Rendered r = render(values == null ? a : b, values, Map.of());
      JsonNode effective = values == null ? Repo.yaml(VALUES) : Repo.yaml(values);
      assertThat(engine(r).getSpec().getReplicas())
          .isEqualTo(effective.at("/engine/replicas").asInt());
      Container engine = engine(r).getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(engine.getArgs()).containsExactly("server", "/etc/keel/config/keel.yml");
      assertThat(port(engine, "admin")).isEqualTo(8081);
      for (Probe probe :
          List.of(
              engine.getLivenessProbe(), engine.getReadinessProbe(), engine.getStartupProbe())) {
        assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("admin");
      }
      assertThat(engine.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/healthcheck");
      JsonNode engineConfig =
          Repo.yaml(r.one(ConfigMap.class, "keel-config").getData().get("keel.yml"));
      assertThat(engineConfig.at("/server/adminConnectors/0/port").asInt()).isEqualTo(8081);

      Map<String, JsonNode> pools = pools(values);
      assertThat(r.all(Deployment.class)).hasSize(1 + pools.size());
      assertThat(r.all(HorizontalPodAutoscaler.class))
          .hasSize(
              (int)
                  pools.values().stream()
                      .filter(p -> p.at("/autoscaling/enabled").asBoolean())
                      .count());
      ConfigMap config = r.one(ConfigMap.class, "keel-config");
      for (Map.Entry<String, JsonNode> pool : pools.entrySet()) {
        String name = "keel-worker-" + pool.getKey();
        Deployment worker = r.one(Deployment.class, name);
        PodSpec pod = worker.getSpec().getTemplate().getSpec();
        Container c = pod.getContainers().get(0);
        String file = "keel-worker-" + pool.getKey() + ".yml";
        assertThat(c.getArgs()).containsExactly("worker", "/etc/keel/config/" + file);
        JsonNode workerConfig = Repo.yaml(config.getData().get(file));
        assertThat(workerConfig.at("/worker/computeQueues"))
            .isEqualTo(pool.getValue().get("computeQueues"));
        assertThat(workerConfig.has("database")).isFalse();
        int metricsPort = workerConfig.at("/worker/metricsPort").asInt();
        assertThat(port(c, "metrics")).isEqualTo(metricsPort);
        assertThat(workerConfig.at("/worker/metricsHost").asText()).isEqualTo("0.0.0.0");
        assertThat(c.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
        assertThat(c.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
        assertThat(pod.getNodeSelector() == null ? Map.of() : pod.getNodeSelector())
            .isEqualTo(
                Repo.JSON.convertValue(pool.getValue().path("nodeSelector"), Map.class) == null
                    ? Map.of()
                    : Repo.JSON.convertValue(pool.getValue().path("nodeSelector"), Map.class));
        HorizontalPodAutoscaler hpa = r.one(HorizontalPodAutoscaler.class, name);
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo(name);
        assertThat(hpa.getSpec().getMinReplicas())
            .isEqualTo(pool.getValue().at("/autoscaling/minReplicas").asInt());
        assertThat(hpa.getSpec().getMaxReplicas())
            .isEqualTo(pool.getValue().at("/autoscaling/maxReplicas").asInt());
        assertThat(
                hpa.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization())
            .isEqualTo(pool.getValue().at("/autoscaling/targetCPUUtilizationPercentage").asInt());
        assertThat(worker.getSpec().getReplicas()).as("the HPA owns the replica count").isNull();
      }
      assertThat(pools).containsKey("default");
      assertThat(pools.values().stream().filter(p -> p.path("runPipelines").asBoolean()))
          .isNotEmpty();
    }
  }

  private static int port(Container c, String name) {
    return c.getPorts().stream()
        .filter(p -> name.equals(p.getName()))
        .findFirst()
        .orElseThrow()
        .getContainerPort();
  }

  @Test
  void theLargePoolRunsOnItsOwnNodesAndQueue(@TempDir Path dir) {
    Chart.Rendered r = render(dir, null, Map.of());
    PodSpec large = r.one(Deployment.class, "keel-worker-large").getSpec().getTemplate().getSpec();
    assertThat(large.getNodeSelector()).containsEntry("keel.dev/pool", "large-memory");
    assertThat(large.getTolerations())
        .anySatisfy(t -> assertThat(t.getValue()).isEqualTo("large-memory"));
    JsonNode config =
        Repo.yaml(r.one(ConfigMap.class, "keel-config").getData().get("keel-worker-large.yml"));
    assertThat(config.at("/worker/computeQueues/0").asText()).isEqualTo("keel-large");
    assertThat(config.at("/worker/runPipelines").asBoolean()).isFalse();
  }

  @Test
  void everyPodRunsRestricted(@TempDir Path a, @TempDir Path b) {
    for (Chart.Rendered r : List.of(render(a, null, Map.of()), render(b, PRODUCTION, Map.of()))) {
      List<PodSpec> pods = podSpecs(r);
      assertThat(pods).hasSizeGreaterThanOrEqualTo(4);
      for (PodSpec pod : pods) {
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        for (Container c : pod.getContainers()) {
          assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(c.getName()).isTrue();
          assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
          assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
          assertThat(c.getSecurityContext().getCapabilities().getAdd()).isNullOrEmpty();
          // natives unpack to /tmp: a writable emptyDir there
          String tmpVolume =
              c.getVolumeMounts().stream()
                  .filter(m -> m.getMountPath().equals("/tmp"))
                  .findFirst()
                  .orElseThrow()
                  .getName();
          assertThat(pod.getVolumes())
              .anySatisfy(
                  v -> {
                    assertThat(v.getName()).isEqualTo(tmpVolume);
                    assertThat(v.getEmptyDir()).isNotNull();
                  });
        }
      }
    }
  }

  @Test
  void secretsReachPodsOnlyAsSecretReferences(@TempDir Path a, @TempDir Path b, @TempDir Path c) {
    for (Chart.Rendered r :
        List.of(
            render(a, null, Map.of()),
            render(b, PRODUCTION, Map.of()),
            render(c, null, CHART_SECRETS))) {
      for (PodSpec pod : podSpecs(r)) {
        for (Container container : pod.getContainers()) {
          for (EnvVar env : container.getEnv()) {
            if (SECRET_NAME.matcher(env.getName()).matches()) {
              assertThat(env.getValue()).as(env.getName()).isNull();
              assertThat(env.getValueFrom().getSecretKeyRef()).as(env.getName()).isNotNull();
            }
          }
        }
      }
      Container engine = engine(r).getSpec().getTemplate().getSpec().getContainers().get(0);
      assertThat(engine.getEnv())
          .extracting(EnvVar::getName)
          .contains(
              "KEEL_DB_PASSWORD",
              "KEEL_PAYLOAD_KEYS",
              "KEEL_ARTIFACT_KEYS",
              "KEEL_BOOTSTRAP_TOKEN");
      for (Deployment worker : r.all(Deployment.class)) {
        if (!worker.getMetadata().getName().equals("keel-engine")) {
          assertThat(worker.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
              .extracting(EnvVar::getName)
              .doesNotContain("KEEL_DB_PASSWORD")
              .contains("KEEL_PAYLOAD_KEYS", "KEEL_ARTIFACT_KEYS");
        }
      }
      JsonNode config = Repo.yaml(r.one(ConfigMap.class, "keel-config").getData().get("keel.yml"));
      assertThat(config.at("/database/password").asText()).isEqualTo("${KEEL_DB_PASSWORD}");
    }
    // existing secret by default: the chart makes none
    assertThat(render(a, null, Map.of()).all(Secret.class)).isEmpty();
    // chart-made secrets: the values are in Secrets only, nowhere else in the manifests
    Chart.Rendered r = render(c, null, CHART_SECRETS);
    String outsideSecrets =
        r.resources().stream()
                .filter(x -> !(x instanceof Secret))
                .map(Object::toString)
                .reduce("", String::concat)
            + r.text().replaceAll("(?s)kind: Secret.*?(?=---|\\z)", "");
    for (Map.Entry<String, Object> e : CHART_SECRETS.entrySet()) {
      if (e.getKey().startsWith("secrets.values.")) {
        String value = (String) e.getValue();
        assertThat(outsideSecrets).as(e.getKey()).doesNotContain(value);
        assertThat(r.all(Secret.class))
            .anySatisfy(
                s ->
                    assertThat(
                            s.getData().values().stream()
                                .map(v -> new String(Base64.getDecoder().decode(v))))
                        .contains(value));
      }
    }
  }

  @Test
  void migrationRunsAsAPreInstallAndPreUpgradeHookWithItsOwnConfig(
      @TempDir Path a, @TempDir Path b) {
    // the shipped template renders exactly the named template that the tests render
    assertThat(Repo.read(Repo.path("ops/helm/keel/templates/migration-job.yaml")).strip())
        .isEqualTo("{{- include \"keel.migration\" . }}");
    for (Chart.Rendered r : List.of(render(a, null, Map.of()), render(b, null, CHART_SECRETS))) {
      Job job = r.one(Job.class, "keel-migrate");
      Map<String, String> annotations = job.getMetadata().getAnnotations();
      assertThat(Set.of(annotations.get("helm.sh/hook").split(",")))
          .containsExactlyInAnyOrder("pre-install", "pre-upgrade");
      int jobWeight = Integer.parseInt(annotations.get("helm.sh/hook-weight"));
      PodSpec pod = job.getSpec().getTemplate().getSpec();
      assertThat(pod.getRestartPolicy()).isEqualTo("Never");
      assertThat(pod.getContainers().get(0).getArgs())
          .containsExactly("db", "migrate", "/etc/keel/config/keel.yml");
      // what a pre-install hook uses must exist before the release's resources: a hook itself (made
      // first) or
      // the Secret the operator made beforehand
      String configMap =
          pod.getVolumes().stream()
              .filter(v -> v.getConfigMap() != null)
              .findFirst()
              .orElseThrow()
              .getConfigMap()
              .getName();
      assertHookBefore(r.one(ConfigMap.class, configMap), jobWeight);
      String secret =
          pod.getContainers().get(0).getEnv().stream()
              .filter(e -> e.getName().equals("KEEL_DB_PASSWORD"))
              .findFirst()
              .orElseThrow()
              .getValueFrom()
              .getSecretKeyRef()
              .getName();
      boolean chartSecrets =
          r.all(Secret.class).stream()
              .anyMatch(s -> s.getMetadata().getName().equals("keel-secrets"));
      if (chartSecrets) {
        assertHookBefore(r.one(Secret.class, secret), jobWeight);
      } else {
        assertThat(secret).isEqualTo(Repo.yaml(VALUES).at("/secrets/existingSecret").asText());
      }
      assertThat(Repo.yaml(r.one(ConfigMap.class, configMap).getData().get("keel.yml")))
          .isEqualTo(Repo.yaml(r.one(ConfigMap.class, "keel-config").getData().get("keel.yml")));
    }
  }

  private static void assertHookBefore(HasMetadata resource, int jobWeight) {
    Map<String, String> annotations = resource.getMetadata().getAnnotations();
    assertThat(annotations)
        .as(resource.getKind() + " " + resource.getMetadata().getName())
        .containsKey("helm.sh/hook");
    assertThat(annotations.get("helm.sh/hook")).contains("pre-install").contains("pre-upgrade");
    assertThat(Integer.parseInt(annotations.get("helm.sh/hook-weight"))).isLessThan(jobWeight);
  }

  @Test
  void servicesAndDisruptionBudgetsSelectTheirPods(@TempDir Path dir) {
    Chart.Rendered r = render(dir, PRODUCTION, Map.of());
    for (Deployment d : r.all(Deployment.class)) {
      Map<String, String> labels = d.getSpec().getTemplate().getMetadata().getLabels();
      assertThat(labels).containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
      assertThat(r.all(Service.class))
          .as("a Service of " + d.getMetadata().getName())
          .anySatisfy(s -> assertThat(labels).containsAllEntriesOf(s.getSpec().getSelector()));
      assertThat(r.all(PodDisruptionBudget.class))
          .as("a PDB of " + d.getMetadata().getName())
          .anySatisfy(
              p ->
                  assertThat(labels)
                      .containsAllEntriesOf(p.getSpec().getSelector().getMatchLabels()));
    }
    assertThat(
            r.one(PodDisruptionBudget.class, "keel-engine").getSpec().getMinAvailable().getIntVal())
        .isEqualTo(Repo.yaml(PRODUCTION).at("/engine/podDisruptionBudget/minAvailable").asInt());
    assertThat(r.one(Service.class, "keel-engine").getSpec().getPorts())
        .extracting(ServicePort::getName)
        .containsExactly("http", "admin");
  }

  @Test
  void theServiceMonitorScrapesPortsTheServicesHave(@TempDir Path dir) {
    Chart.Rendered r = render(dir, null, Map.of());
    List<HasMetadata> monitors = r.kind("ServiceMonitor");
    assertThat(monitors).hasSize(1);
    Map<String, Object> spec = spec(monitors.get(0));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> endpoints = (List<Map<String, Object>>) spec.get("endpoints");
    Set<String> servicePorts = new java.util.HashSet<>();
    r.all(Service.class)
        .forEach(s -> s.getSpec().getPorts().forEach(p -> servicePorts.add(p.getName())));
    assertThat(endpoints)
        .extracting(e -> e.get("port"))
        .containsExactlyInAnyOrder("admin", "metrics");
    assertThat(endpoints)
        .allSatisfy(
            e -> {
              assertThat(servicePorts).contains((String) e.get("port"));
              assertThat(e.get("path")).isEqualTo("/metrics");
            });
    @SuppressWarnings("unchecked")
    Map<String, String> selector =
        (Map<String, String>) ((Map<String, Object>) spec.get("selector")).get("matchLabels");
    assertThat(r.all(Service.class))
        .allSatisfy(s -> assertThat(s.getMetadata().getLabels()).containsAllEntriesOf(selector));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> spec(HasMetadata resource) {
    return (Map<String, Object>)
        ((GenericKubernetesResource) resource).getAdditionalProperties().get("spec");
  }

  @Test
  void thePrometheusRuleCarriesEveryAlertOfKeelAlertsYml(@TempDir Path dir) {
    Chart.Rendered r = render(dir, null, Map.of());
    List<HasMetadata> rules = r.kind("PrometheusRule");
    assertThat(rules).hasSize(1);
    assertThat(rules.get(0).getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    JsonNode rendered = Repo.JSON.valueToTree(spec(rules.get(0)));
    JsonNode source = Repo.yaml(Repo.path("ops/prometheus/keel-alerts.yml"));
    assertThat(rendered).isEqualTo(source);
    List<String> alerts = new ArrayList<>();
    rendered.at("/groups/0/rules").forEach(rule -> alerts.add(rule.get("alert").asText()));
    assertThat(alerts)
        .contains(
            "KeelFeatureDriftHigh",
            "KeelLiveAccuracyLow",
            "KeelServingErrorRateHigh",
            "KeelPredictionLatencyHigh",
            "KeelPipelineFailures",
            "KeelApprovalWaitingTooLong",
            "KeelEstimatedAccuracyLow",
            "KeelWebhookDeliveriesFailing");
  }

  @Test
  void everyDashboardBecomesAConfigMapForTheGrafanaSidecar(@TempDir Path dir) throws IOException {
    Chart.Rendered r = render(dir, null, Map.of());
    List<ConfigMap> dashboards =
        r.all(ConfigMap.class).stream()
            .filter(c -> c.getMetadata().getLabels().containsKey("grafana_dashboard"))
            .toList();
    List<Path> expected = Chart.dashboards();
    assertThat(dashboards).hasSize(expected.size());
    for (Path json : expected) {
      String file = json.getFileName().toString();
      ConfigMap map =
          dashboards.stream().filter(c -> c.getData().containsKey(file)).findFirst().orElseThrow();
      assertThat(map.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
      assertThat(Repo.JSON.readTree(map.getData().get(file)))
          .isEqualTo(Repo.JSON.readTree(json.toFile()));
    }
    Chart.Rendered off =
        render(
            dir.resolve("off"),
            null,
            Map.of(
                "grafana.dashboards.enabled",
                false,
                "monitoring.serviceMonitor.enabled",
                false,
                "monitoring.prometheusRule.enabled",
                false));
    assertThat(off.kind("ServiceMonitor")).isEmpty();
    assertThat(off.kind("PrometheusRule")).isEmpty();
    assertThat(off.all(ConfigMap.class))
        .noneMatch(c -> c.getMetadata().getLabels().containsKey("grafana_dashboard"));
  }

  @Test
  void theRenderedKeelConfigurationsPassKeelCheck(@TempDir Path dir) throws IOException {
    Chart.Rendered r = render(dir.resolve("chart"), PRODUCTION, Map.of());
    Map<String, String> files = r.one(ConfigMap.class, "keel-config").getData();
    assertThat(files).containsKeys("keel.yml", "keel-worker-default.yml", "keel-worker-gpu.yml");
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path config = Files.writeString(dir.resolve(file.getKey()), file.getValue());
      Repo.Result check = Repo.keelCheck(config);
      assertThat(check.exitCode())
          .as("keel check %s:%n%s%n%s", file.getKey(), file.getValue(), check.output())
          .isZero();
    }
    JsonNode engine = Repo.yaml(files.get("keel.yml"));
    assertThat(engine.at("/database/url").asText())
        .isEqualTo(
            "jdbc:postgresql://"
                + "keel.abcdefghij.eu-west-1.rds.amazonaws.com:5432/keel?sslmode=verify-full&sslrootcert=/etc/keel/db-ca/ca.crt");
    assertThat(engine.at("/temporal/tls/enabled").asBoolean()).isTrue();
    assertThat(engine.at("/temporal/tls/clientCertFile").asText())
        .isEqualTo("/etc/keel/temporal-tls/tls.crt");
    assertThat(engine.at("/auth/oidc/issuer").asText())
        .isEqualTo("https://login.example.com/realms/ml");
  }

  @Test
  void theHeartbeatTimeoutReachesTheWorkersAndATypoFailsKeelCheck(@TempDir Path dir)
      throws IOException {
    Chart.Rendered r =
        render(
            dir.resolve("chart"),
            PRODUCTION,
            Map.of("workers.heartbeatTimeout.activities.TrainingTrain", "20s"));
    String worker = r.one(ConfigMap.class, "keel-config").getData().get("keel-worker-default.yml");
    assertThat(Repo.yaml(worker).at("/worker/heartbeatTimeout/activities/TrainingTrain").asText())
        .isEqualTo("20s");
    assertThat(Repo.yaml(worker).at("/temporal/startupWait").asText()).isEqualTo("5m");
    assertThat(Repo.keelCheck(Files.writeString(dir.resolve("worker.yml"), worker)).exitCode())
        .isZero();

    Chart.Rendered typo =
        render(
            dir.resolve("typo"),
            PRODUCTION,
            Map.of("workers.heartbeatTimeout.activities.TrainingTrian", "20s"));
    Repo.Result check =
        Repo.keelCheck(
            Files.writeString(
                dir.resolve("typo.yml"),
                typo.one(ConfigMap.class, "keel-config").getData().get("keel-worker-default.yml")));
    assertThat(check.exitCode()).isNotZero();
    assertThat(check.output())
        .contains("worker.heartbeatTimeout may name only activity types that heartbeat");
  }
}
