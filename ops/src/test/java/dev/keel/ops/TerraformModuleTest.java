package dev.keel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ops/terraform, every .tf file parsed by hcl4j (no Terraform binary here): variables used are
 * declared and used, typed, described and documented in README.md; outputs described and
 * documented; RDS requires TLS.
 */
class TerraformModuleTest {

  private static final Path MODULE = Repo.path("ops/terraform");
  private static final Pattern VAR = Pattern.compile("\\bvar\\.([A-Za-z_][A-Za-z0-9_-]*)");

  private static final Map<Path, Map<String, Object>> PARSED = new LinkedHashMap<>();
  private static String sources = "";

  @BeforeAll
  static void parse() throws Exception {
    try (Stream<Path> files = Files.list(MODULE)) {
      for (Path tf : files.filter(f -> f.toString().endsWith(".tf")).sorted().toList()) {
        PARSED.put(tf, new HCLParser().parse(tf.toFile(), "UTF-8"));
        sources += Repo.read(tf) + "\n";
      }
    }
    assertThat(PARSED.keySet())
        .extracting(p -> p.getFileName().toString())
        .contains("main.tf", "variables.tf", "outputs.tf", "versions.tf", "database.tf");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> blocks(String kind) {
    Map<String, Map<String, Object>> all = new LinkedHashMap<>();
    for (Map<String, Object> file : PARSED.values()) {
      Object blocks = file.get(kind);
      if (blocks instanceof Map<?, ?> map) {
        map.forEach((name, body) -> all.put((String) name, (Map<String, Object>) body));
      }
    }
    return all;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> resource(String type, String name) {
    Map<String, Object> ofType = blocks("resource").get(type);
    assertThat(ofType).as("resource %s", type).isNotNull();
    Map<String, Object> resource = (Map<String, Object>) ofType.get(name);
    assertThat(resource).as("resource %s.%s", type, name).isNotNull();
    return resource;
  }

  @Test
  void everyVariableUsedIsDeclaredAndEveryDeclaredOneIsUsed() {
    Set<String> used = new TreeSet<>();
    Matcher m = VAR.matcher(sources);
    while (m.find()) {
      used.add(m.group(1));
    }
    Set<String> declared = new TreeSet<>(blocks("variable").keySet());
    assertThat(declared).isNotEmpty();
    assertThat(declared).as("declared variables").containsAll(used);
    assertThat(used).as("used variables").containsAll(declared);
  }

  @Test
  void everyVariableHasADescriptionAndATypeAndSecretsAreSensitive() {
    blocks("variable")
        .forEach(
            (name, body) -> {
              assertThat(body.get("description"))
                  .as("description of variable %s", name)
                  .asString()
                  .isNotBlank();
              assertThat(body.get("type")).as("type of variable %s", name).isNotNull();
            });
    for (String secret : List.of("payload_keys", "artifact_keys", "bootstrap_token")) {
      assertThat(blocks("variable").get(secret).get("sensitive"))
          .as(secret)
          .isEqualTo(Boolean.TRUE);
    }
  }

  @Test
  void everyOutputHasADescriptionAndThePasswordIsSensitive() {
    Map<String, Map<String, Object>> outputs = blocks("output");
    assertThat(outputs).isNotEmpty();
    outputs.forEach(
        (name, body) ->
            assertThat(body.get("description"))
                .as("description of output %s", name)
                .asString()
                .isNotBlank());
    assertThat(outputs.get("db_password").get("sensitive")).isEqualTo(Boolean.TRUE);
  }

  @Test
  void theReadmeDocumentsEveryVariableAndOutputInItsTables() {
    String readme = Repo.read(MODULE.resolve("README.md"));
    Set<String> documentedInputs = tableNames(section(readme, "## Inputs"));
    Set<String> documentedOutputs = tableNames(section(readme, "## Outputs"));
    assertThat(documentedInputs).isEqualTo(new TreeSet<>(blocks("variable").keySet()));
    assertThat(documentedOutputs).isEqualTo(new TreeSet<>(blocks("output").keySet()));
  }

  private static String section(String markdown, String heading) {
    int start = markdown.indexOf("\n" + heading + "\n");
    assertThat(start).as("README section %s", heading).isNotNegative();
    int end = markdown.indexOf("\n## ", start + heading.length() + 1);
    return end < 0 ? markdown.substring(start) : markdown.substring(start, end);
  }

  private static Set<String> tableNames(String section) {
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("(?m)^\\| `([a-z0-9_]+)` \\|").matcher(section);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  @Test
  @SuppressWarnings("unchecked")
  void postgresqlRefusesClientsWithoutTls() {
    Map<String, Object> group = resource("aws_db_parameter_group", "keel");
    Object parameters = group.get("parameter");
    List<Map<String, Object>> list =
        parameters instanceof List<?> l
            ? (List<Map<String, Object>>) l
            : List.of((Map<String, Object>) parameters);
    assertThat(list)
        .anySatisfy(
            p -> {
              assertThat(p.get("name")).isEqualTo("rds.force_ssl");
              assertThat(String.valueOf(p.get("value"))).isEqualTo("1");
            });
    Map<String, Object> db = resource("aws_db_instance", "keel");
    assertThat(db.get("engine")).isEqualTo("postgres");
    assertThat(db.get("storage_encrypted")).isEqualTo(Boolean.TRUE);
    assertThat(db.get("publicly_accessible")).isEqualTo(Boolean.FALSE);
    assertThat(String.valueOf(db.get("parameter_group_name")))
        .contains("aws_db_parameter_group.keel");
    // Keel verifies the server when it has the CA, and never connects without TLS
    assertThat(sources).contains("sslmode  = local.db_ca ? \"verify-full\" : \"require\"");
  }

  @Test
  void theHelmReleaseInstallsTheChartOfThisRepositoryWithSecretsFromAKubernetesSecret()
      throws IOException {
    Map<String, Object> release = resource("helm_release", "keel");
    assertThat(release).containsKeys("chart", "namespace", "values");
    assertThat(sources).contains("\"${path.module}/../helm/keel\"");
    assertThat(MODULE.resolve("../helm/keel/Chart.yaml").toRealPath()).exists();
    Map<String, Object> secret = resource("kubernetes_secret", "keel");
    assertThat(String.valueOf(secret.get("data")))
        .contains("db-password", "payload-keys", "artifact-keys", "bootstrap-token");
    // the keys of the module's values exist in the chart's values.yaml
    var chartValues = Repo.yaml(MODULE.resolve("../helm/keel/values.yaml"));
    for (String pointer :
        List.of(
            "/image/repository",
            "/image/tag",
            "/postgresql/host",
            "/postgresql/port",
            "/postgresql/database",
            "/postgresql/user",
            "/postgresql/sslmode",
            "/postgresql/caSecret/name",
            "/temporal/target",
            "/temporal/namespace",
            "/temporal/tls/enabled",
            "/temporal/tls/secretName",
            "/temporal/tls/mutual",
            "/temporal/tls/serverName",
            "/secrets/existingSecret",
            "/artifacts/storageClass",
            "/artifacts/size",
            "/engine/replicas",
            "/fullnameOverride")) {
      assertThat(chartValues.at(pointer).isMissingNode()).as("chart value %s", pointer).isFalse();
    }
    assertThat(sources)
        .contains("source  = \"hashicorp/helm\"", "source  = \"hashicorp/kubernetes\"");
  }
}
