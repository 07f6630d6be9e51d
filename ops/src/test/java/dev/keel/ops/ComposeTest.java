package dev.keel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ops/compose, validated by docker-compose 1.29's {@code config} (Debian; no engine needed), its
 * resolved model checked service by service, the Keel configurations by the engine's own {@code
 * keel check}, and Prometheus' configuration by {@code promtool check config}.
 */
class ComposeTest {

  private static final Path COMPOSE = Repo.path("ops/compose");

  @BeforeAll
  static void tools() {
    Repo.ensureTools("docker-compose", "promtool");
  }

  private static Repo.Result compose(String... args) {
    List<String> command = new ArrayList<>(List.of("docker-compose"));
    command.addAll(List.of(args));
    // a clean environment for interpolation: only what the env file (if any) says
    return Repo.run(COMPOSE, Map.of(), Duration.ofMinutes(2), command.toArray(String[]::new));
  }

  private static JsonNode resolved() {
    Repo.Result result =
        compose("--env-file", ".env.example", "-f", "docker-compose.yml", "config");
    assertThat(result.exitCode()).as(result.output()).isZero();
    return Repo.yaml(result.output()).get("services");
  }

  @Test
  void theComposeFileIsValidWithTheExampleEnvFile() {
    Repo.Result result =
        compose("--env-file", ".env.example", "-f", "docker-compose.yml", "config", "-q");
    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void withoutTheSecretsComposeRefusesAndNamesTheMissingOne(@TempDir Path dir) throws IOException {
    Path empty = Files.writeString(dir.resolve("empty.env"), "");
    Repo.Result result =
        compose("--env-file", empty.toString(), "-f", "docker-compose.yml", "config", "-q");
    assertThat(result.exitCode()).isNotZero();
    assertThat(result.output()).contains("in .env");
  }

  @Test
  void theExampleEnvFileHoldsNoSecretAndListsEveryRequiredOne() {
    Map<String, String> example = new LinkedHashMap<>();
    Repo.read(COMPOSE.resolve(".env.example"))
        .lines()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .forEach(l -> example.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    assertThat(example.values()).allMatch(v -> v.isEmpty() || v.equals("CHANGE_ME"));
    Matcher required =
        Pattern.compile("\\$\\{([A-Z_]+):\\?")
            .matcher(Repo.read(COMPOSE.resolve("docker-compose.yml")));
    List<String> names = new ArrayList<>();
    while (required.find()) {
      names.add(required.group(1));
    }
    assertThat(names).isNotEmpty();
    assertThat(example).containsKeys(names.toArray(String[]::new));
    assertThat(Repo.read(COMPOSE.resolve(".gitignore")).lines()).contains(".env");
  }

  @Test
  void migrateRunsOnceBeforeTheServerAndTwoWorkers() {
    JsonNode services = resolved();
    assertThat(services.fieldNames())
        .toIterable()
        .contains(
            "postgres",
            "temporal",
            "temporal-ui",
            "keel-migrate",
            "keel-server",
            "keel-worker-1",
            "keel-worker-2",
            "prometheus",
            "grafana");
    assertThat(services.at("/keel-migrate/command"))
        .map(JsonNode::asText)
        .containsExactly("db", "migrate", "/etc/keel/keel.yml");
    assertThat(services.at("/keel-migrate/restart").asText()).isEqualTo("no");
    assertThat(services.at("/keel-server/command"))
        .map(JsonNode::asText)
        .containsExactly("server", "/etc/keel/keel.yml");
    for (String keel : List.of("keel-server", "keel-worker-1", "keel-worker-2")) {
      assertThat(services.at("/" + keel + "/depends_on/keel-migrate/condition").asText())
          .as(keel)
          .isEqualTo("service_completed_successfully");
      assertThat(services.at("/" + keel + "/image").asText())
          .isEqualTo(services.at("/keel-migrate/image").asText());
    }
    for (String worker : List.of("keel-worker-1", "keel-worker-2")) {
      assertThat(services.at("/" + worker + "/command"))
          .map(JsonNode::asText)
          .containsExactly("worker", "/etc/keel/keel-worker.yml");
      assertThat(services.at("/" + worker + "/environment/KEEL_HEALTH_PORT").asText())
          .isEqualTo(workerMetricsPort());
      assertThat(services.at("/" + worker + "/environment").has("KEEL_DB_PASSWORD"))
          .as("workers never get the " + "database password")
          .isFalse();
    }
    assertThat(services.at("/keel-server/build/dockerfile").asText())
        .isEqualTo("ops/docker/Dockerfile");
    assertThat(Path.of(services.at("/keel-server/build/context").asText())).isEqualTo(Repo.root());
  }

  /** A volume of docker-compose 1.29's resolved output: {@code SOURCE:TARGET:MODE}. */
  record Mount(String source, String target, String mode) {}

  private static List<Mount> mounts(JsonNode services, String service) {
    List<Mount> mounts = new ArrayList<>();
    for (JsonNode volume : services.at("/" + service + "/volumes")) {
      String[] parts = volume.asText().split(":");
      assertThat(parts).as("volume %s of %s", volume, service).hasSize(3);
      mounts.add(new Mount(parts[0], parts[1], parts[2]));
    }
    return mounts;
  }

  private static String workerMetricsPort() {
    return Repo.yaml(COMPOSE.resolve("keel/keel-worker.yml")).at("/worker/metricsPort").asText();
  }

  @Test
  void temporalUsesTheSamePostgresAndTheUiDecodesThroughKeelsCodec() {
    JsonNode services = resolved();
    assertThat(services.at("/temporal/image").asText()).startsWith("temporalio/auto-setup:");
    assertThat(services.at("/temporal/environment/POSTGRES_SEEDS").asText()).isEqualTo("postgres");
    assertThat(services.at("/temporal/environment/DEFAULT_NAMESPACE").asText())
        .isEqualTo(Repo.yaml(COMPOSE.resolve("keel/keel.yml")).at("/temporal/namespace").asText());
    assertThat(services.at("/temporal-ui/image").asText()).startsWith("temporalio/ui:");
    assertThat(services.at("/temporal-ui/environment/TEMPORAL_CODEC_ENDPOINT").asText())
        .isEqualTo("http://localhost:8080/v1/codec");
    assertThat(services.at("/temporal-ui/environment/TEMPORAL_CODEC_PASS_ACCESS_TOKEN").asText())
        .isEqualTo("true");
    // the UI's published origin is the one Keel lets call the codec
    assertThat(services.at("/temporal-ui/ports/0").asText()).isEqualTo("127.0.0.1:8233:8080/tcp");
    assertThat(services.at("/keel-server/environment/KEEL_TEMPORAL_UI_ORIGIN").asText())
        .isEqualTo("http://localhost:8233");
  }

  @Test
  void prometheusLoadsKeelsAlertRulesAndScrapesTheAdminAndWorkerPorts(@TempDir Path dir)
      throws IOException {
    JsonNode services = resolved();
    String rulesMount = null;
    for (Mount volume : mounts(services, "prometheus")) {
      if (volume.source().equals(Repo.path("ops/prometheus/keel-alerts.yml").toString())) {
        rulesMount = volume.target();
        assertThat(volume.mode()).isEqualTo("ro");
      }
    }
    assertThat(rulesMount).as("ops/prometheus/keel-alerts.yml mounted into prometheus").isNotNull();
    JsonNode prometheus = Repo.yaml(COMPOSE.resolve("prometheus.yml"));
    assertThat(prometheus.get("rule_files")).map(JsonNode::asText).containsExactly(rulesMount);
    List<String> targets = new ArrayList<>();
    prometheus
        .get("scrape_configs")
        .forEach(job -> job.at("/static_configs/0/targets").forEach(t -> targets.add(t.asText())));
    String adminPort =
        String.valueOf(
            Repo.yaml(COMPOSE.resolve("keel/keel.yml"))
                .at("/server/adminConnectors/0/port")
                .asInt());
    assertThat(targets)
        .containsExactlyInAnyOrder(
            "keel-server:" + adminPort,
            "keel-worker-1:" + workerMetricsPort(),
            "keel-worker-2:" + workerMetricsPort());

    // promtool: the same configuration, with the rule file where this machine has it
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(
        config,
        Repo.read(COMPOSE.resolve("prometheus.yml"))
            .replace(rulesMount, Repo.path("ops/prometheus/keel-alerts.yml").toString()));
    Repo.Result check = Repo.run(dir, "promtool", "check", "config", config.toString());
    assertThat(check.exitCode()).as(check.output()).isZero();
    int rules = Repo.yaml(Repo.path("ops/prometheus/keel-alerts.yml")).at("/groups/0/rules").size();
    assertThat(rules).isPositive();
    assertThat(check.output()).contains("SUCCESS: " + rules + " rules found");
  }

  @Test
  void grafanaIsProvisionedWithPrometheusAndKeelsDashboardsFolder() {
    JsonNode services = resolved();
    String dashboardsMount = null;
    String provisioningMount = null;
    for (Mount volume : mounts(services, "grafana")) {
      if (volume.source().equals(Repo.path("ops/grafana/dashboards").toString())) {
        dashboardsMount = volume.target();
        assertThat(volume.mode()).isEqualTo("ro");
      }
      if (volume.source().equals(COMPOSE.resolve("grafana/provisioning").toString())) {
        provisioningMount = volume.target();
      }
    }
    assertThat(provisioningMount).isEqualTo("/etc/grafana/provisioning");
    JsonNode provider =
        Repo.yaml(COMPOSE.resolve("grafana/provisioning/dashboards/keel.yml")).at("/providers/0");
    assertThat(provider.at("/type").asText()).isEqualTo("file");
    assertThat(provider.at("/options/path").asText()).isEqualTo(dashboardsMount);
    JsonNode datasource =
        Repo.yaml(COMPOSE.resolve("grafana/provisioning/datasources/prometheus.yml"))
            .at("/datasources/0");
    assertThat(datasource.at("/type").asText()).isEqualTo("prometheus");
    assertThat(datasource.at("/url").asText()).isEqualTo("http://prometheus:9090");
    assertThat(services.has("prometheus")).isTrue();
  }

  @Test
  void keelsConfigurationsPassKeelCheckAndHoldNoSecret() {
    for (String file : List.of("keel/keel.yml", "keel/keel-worker.yml")) {
      Repo.Result check = Repo.keelCheck(COMPOSE.resolve(file));
      assertThat(check.exitCode()).as("keel check %s:%n%s", file, check.output()).isZero();
    }
    JsonNode server = Repo.yaml(COMPOSE.resolve("keel/keel.yml"));
    assertThat(server.at("/database/password").asText()).isEqualTo("${KEEL_DB_PASSWORD}");
    assertThat(server.at("/auth/bootstrapToken").asText()).isEqualTo("${KEEL_BOOTSTRAP_TOKEN:-}");
    assertThat(server.at("/temporal/encryption/uiOrigins/0").asText())
        .startsWith("${KEEL_TEMPORAL_UI_ORIGIN");
    JsonNode worker = Repo.yaml(COMPOSE.resolve("keel/keel-worker.yml"));
    assertThat(worker.has("database")).isFalse();
    assertThat(worker.at("/worker/metricsHost").asText()).isEqualTo("0.0.0.0");
  }

  @Test
  void keelCheckRejectsAMistypedSetting(@TempDir Path dir) throws IOException {
    // keel check is a real check: an unknown property fails it
    Path bad =
        Files.writeString(
            dir.resolve("keel.yml"),
            Repo.read(COMPOSE.resolve("keel/keel-worker.yml"))
                .replace("metricsHost:", "metricHost:"));
    assertThat(Repo.keelCheck(bad).exitCode()).isNotZero();
  }
}
