package dev.keel.engine.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The metric-name extraction and variable substitution the dashboard checks rely on, on good and
 * tricky inputs.
 */
class PromQlTest {

  static Stream<Arguments> expressions() {
    return Stream.of(
        Arguments.of("keel_live_accuracy{model=~\"$model\"}", Set.of("keel_live_accuracy")),
        Arguments.of(
            "sum by (model, le) (rate(keel_prediction_latency_seconds_bucket{model=~\"x\"}[5m]))",
            Set.of("keel_prediction_latency_seconds_bucket")),
        Arguments.of(
            "sum by (model) (rate(a_total{reason=\"internal\"}[5m])) / sum by (model) (rate(b_total[5m])) "
                + "> 0.05",
            Set.of("a_total", "b_total")),
        Arguments.of(
            "histogram_quantile(0.99, sum by (le) (rate(x_bucket[1m]))) > 1e-3",
            Set.of("x_bucket")),
        Arguments.of("up == bool 1 and on (instance) jvm_info offset 5m", Set.of("up", "jvm_info")),
        Arguments.of("sort_desc(m{label=\"by (x) rate(\"})", Set.of("m")),
        // a misspelled name is a name, and the check below reports it
        Arguments.of("rate(keel_predictons_total[1m])", Set.of("keel_predictons_total")));
  }

  @ParameterizedTest
  @MethodSource("expressions")
  void findsTheMetricNames(String expr, Set<String> names) {
    assertThat(PromQl.metricNames(expr)).containsExactlyInAnyOrderElementsOf(names);
  }

  @ParameterizedTest
  @MethodSource("variables")
  void replacesGrafanaVariables(String expr, String expected) {
    assertThat(PromQl.substitute(expr)).isEqualTo(expected);
  }

  static Stream<Arguments> variables() {
    return Stream.of(
        Arguments.of("rate(x{model=~\"$model\"}[$__rate_interval])", "rate(x{model=~\".*\"}[1m])"),
        Arguments.of("increase(x{v=~\"${version}\"}[$__range])", "increase(x{v=~\".*\"}[1h])"),
        Arguments.of("rate(x[${__interval}])", "rate(x[1m])"));
  }

  @ParameterizedTest
  @MethodSource("misusedVariables")
  void reportsVariablesOutsideRegexMatchers(String expr, Set<String> expected) {
    assertThat(PromQl.variablesOutsideRegexMatchers(expr))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  static Stream<Arguments> misusedVariables() {
    return Stream.of(
        Arguments.of("rate(x{model=~\"$model\", v=~\"${version}\"}[$__rate_interval])", Set.of()),
        Arguments.of("x{model=\"$model\"}", Set.of("model")));
  }

  @ParameterizedTest
  @MethodSource("expositions")
  void readsTheExportedNames(String exposition, Set<String> names) {
    assertThat(PromQl.exported(exposition)).containsExactlyInAnyOrderElementsOf(names);
  }

  static Stream<Arguments> expositions() {
    return Stream.of(
        Arguments.of(
            "# HELP h x\n# TYPE h histogram\nh_bucket{le=\"1\",} 1.0\n",
            Set.of("h", "h_bucket", "h_sum", "h_count")),
        Arguments.of(
            "# TYPE s summary\ns{quantile=\"0.5\",} 1\ns_count 2\n",
            Set.of("s", "s_sum", "s_count")),
        Arguments.of(
            "# TYPE c_total counter\nc_total{a=\"b\",} 1.0\nother 2\n",
            Set.of("c_total", "other")));
  }
}
