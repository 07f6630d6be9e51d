package dev.keel.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * ops/helm/keel staged as in the repository (the chart with its links,
 * ops/prometheus/keel-alerts.yml and ops/grafana/dashboards, or a placeholder dashboard of this
 * module's test resources while that folder has none), then linted and rendered by Helm itself
 * through helm-java, the manifests read with fabric8.
 */
final class Chart {

  private static final KubernetesSerialization KUBE = new KubernetesSerialization();

  final Path root;
  final Path chart;

  private Chart(Path root) {
    this.root = root;
    this.chart = root.resolve("ops/helm/keel");
  }

  /**
   * Copies the chart (links kept as links) and what its links point at into a new directory under
   * {@code dir}.
   */
  static Chart stage(Path parent) {
    try {
      Files.createDirectories(parent);
      Path dir = Files.createTempDirectory(parent, "staged-");
      Path source = Repo.path("ops/helm/keel");
      try (Stream<Path> files = Files.walk(source)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Path target = dir.resolve("ops/helm/keel").resolve(source.relativize(file).toString());
          if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(target);
          } else {
            Files.copy(file, target, LinkOption.NOFOLLOW_LINKS, StandardCopyOption.COPY_ATTRIBUTES);
          }
        }
      }
      Files.createDirectories(dir.resolve("ops/prometheus"));
      Files.copy(
          Repo.path("ops/prometheus/keel-alerts.yml"),
          dir.resolve("ops/prometheus/keel-alerts.yml"));
      Path dashboards = dir.resolve("ops/grafana/dashboards");
      Files.createDirectories(dashboards);
      Path links = dir.resolve("ops/helm/keel/files/dashboards");
      for (Path json : dashboards()) {
        Files.copy(json, dashboards.resolve(json.getFileName()));
        // the repository has these links (HelmChartTest checks it); the placeholder gets one here
        Path link = links.resolve(json.getFileName().toString());
        if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(
              link, Path.of("../../../../grafana/dashboards", json.getFileName().toString()));
        }
      }
      return new Chart(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The dashboards the chart must carry: ops/grafana/dashboards/*.json, or the test's placeholder.
   */
  static List<Path> dashboards() throws IOException {
    Path real = Repo.path("ops/grafana/dashboards");
    if (Files.isDirectory(real)) {
      try (Stream<Path> files = Files.list(real)) {
        List<Path> json = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        if (!json.isEmpty()) {
          return json;
        }
      }
    }
    return List.of(Repo.path("ops/src/test/resources/grafana-placeholder/keel-placeholder.json"));
  }

  /**
   * {@code helm lint --strict} of the chart with these values over its defaults (helm-java's lint
   * takes no values file, so the staged chart's values.yaml becomes the merge, as {@code helm lint
   * -f} would coalesce them).
   */
  LintResult lint(Path valuesFile) {
    if (valuesFile != null) {
      try {
        ObjectNode merged = (ObjectNode) Repo.yaml(chart.resolve("values.yaml"));
        merge(merged, Repo.yaml(valuesFile));
        Files.writeString(chart.resolve("values.yaml"), Repo.YAML.writeValueAsString(merged));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new Helm(chart).lint().strict().call();
  }

  private static void merge(ObjectNode into, JsonNode from) {
    for (Iterator<Map.Entry<String, JsonNode>> it = from.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode existing = into.get(e.getKey());
      if (existing instanceof ObjectNode o && e.getValue().isObject()) {
        merge(o, e.getValue());
      } else {
        into.set(e.getKey(), e.getValue());
      }
    }
  }

  /**
   * {@code helm template keel CHART -n keel [-f values] [--set k=v]...}, the manifests parsed. Helm
   * leaves hook resources out of its template output, so a test-only template renders them (the
   * same named template that templates/migration-job.yaml includes) as the text of a ConfigMap,
   * read back here as resources of their own.
   */
  Rendered template(Path valuesFile, Map<String, Object> set) {
    try {
      Files.copy(
          Repo.path("ops/src/test/resources/helm-fixtures/zz-test-hooks.yaml"),
          chart.resolve("templates/zz-test-hooks.yaml"),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TemplateCommand template = new Helm(chart).template().withName("keel").withNamespace("keel");
    if (valuesFile != null) {
      template = template.withValuesFile(valuesFile);
    }
    for (Map.Entry<String, Object> e : set.entrySet()) {
      template = template.set(e.getKey(), e.getValue());
    }
    return Rendered.of(template.call());
  }

  /** The rendered manifests, as fabric8 objects (custom resources as generic ones) and as text. */
  record Rendered(String text, List<HasMetadata> resources) {

    static Rendered of(String text) {
      List<HasMetadata> resources = new ArrayList<>();
      for (HasMetadata resource : parse(text)) {
        if (resource instanceof ConfigMap hooks
            && hooks.getMetadata().getName().equals("keel-test-hooks")) {
          resources.addAll(parse(hooks.getData().get("hooks.yaml")));
        } else {
          resources.add(resource);
        }
      }
      return new Rendered(text, resources);
    }

    private static List<HasMetadata> parse(String text) {
      List<HasMetadata> resources = new ArrayList<>();
      for (String doc : text.split("(?m)^---\\s*$")) {
        boolean empty = doc.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"));
        if (!empty) {
          resources.add(KUBE.unmarshal(doc, HasMetadata.class));
        }
      }
      return resources;
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
      return resources.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
      List<T> found =
          all(type).stream().filter(r -> r.getMetadata().getName().equals(name)).toList();
      assertThat(found).as("%s %s", type.getSimpleName(), name).hasSize(1);
      return found.get(0);
    }

    List<HasMetadata> kind(String kind) {
      return resources.stream().filter(r -> r.getKind().equals(kind)).toList();
    }
  }
}
