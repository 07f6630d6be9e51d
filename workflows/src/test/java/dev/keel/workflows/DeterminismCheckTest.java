package dev.keel.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps workflow code deterministic (Temporal's workflowcheck is not published for this SDK
 * version, so this is Keel's equivalent): no clocks, randomness, sleeping, threads, I/O or console
 * output in the workflows module, in the pipeline contract (its activity stubs run in workflow
 * code) or in the example pipelines. Workflow code uses {@code Workflow.*} for all of these; I/O
 * belongs in activities.
 */
class DeterminismCheckTest {

  static final Pattern FORBIDDEN =
      Pattern.compile(
          "System\\.currentTimeMillis|System\\.nanoTime|Instant\\.now\\(|LocalDate(Time)?\\.now\\(|Clock\\.system"
              + "|new Random\\(|Math\\.random|ThreadLocalRandom|UUID\\.randomUUID|Thread\\.sleep|new Thread\\("
              + "|Executors\\.|CompletableFuture|System\\.(out|err|getenv|getProperty)"
              + "|import java\\.(io|net|nio|sql)\\.|synchronized");

  @Test
  void workflowCodeUsesNoNonDeterministicApis() throws IOException {
    List<String> violations = new ArrayList<>();
    for (Path root :
        List.of(
            Path.of("src/main/java"),
            Path.of("../contract/src/main/java"),
            Path.of("../examples/src/main/java"))) {
      if (!Files.isDirectory(root)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          List<String> lines = Files.readAllLines(file);
          for (int i = 0; i < lines.size(); i++) {
            if (FORBIDDEN.matcher(lines.get(i)).find()) {
              violations.add(file + ":" + (i + 1) + ": " + lines.get(i).trim());
            }
          }
        }
      }
    }
    assertThat(Path.of("src/main/java/dev/keel/workflows/training/TrainingPipelineImpl.java"))
        .exists();
    assertThat(violations)
        .as("use Workflow.currentTimeMillis/newRandom/randomUUID/sleep/getLogger instead")
        .isEmpty();
  }
}
