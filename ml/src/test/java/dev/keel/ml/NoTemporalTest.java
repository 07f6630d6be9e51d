package dev.keel.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * keel-ml is the library that the engine calls in-process and that tools can use alone: Temporal
 * must not be on its class path (activity code, which needs it, is keel-workers'). The build's
 * enforcer rule says the same for the declared dependencies; this test checks what the JVM actually
 * sees, test scope included.
 */
class NoTemporalTest {

  @Test
  void noTemporalClassIsLoadable() {
    for (String name :
        List.of(
            "io.temporal.activity.Activity",
            "io.temporal.workflow.Workflow",
            "io.temporal.client.WorkflowClient",
            "io.temporal.failure.ApplicationFailure")) {
      assertThatThrownBy(() -> Class.forName(name, false, NoTemporalTest.class.getClassLoader()))
          .as(name + " is on keel-ml's class path")
          .isInstanceOf(ClassNotFoundException.class);
    }
  }

  @Test
  void noTemporalJarIsOnTheClassPath() {
    List<String> temporal =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(
                entry ->
                    entry.contains("io/temporal")
                        || entry.contains("io\\temporal")
                        || new File(entry).getName().startsWith("temporal-"))
            .toList();
    assertThat(temporal).as("Temporal jars on keel-ml's class path").isEmpty();
  }
}
