package dev.keel.engine.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.keel.engine.mlflow.RunFilter.Comparison;
import dev.keel.engine.mlflow.RunFilter.Order;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * MLflow's run search language as {@link RunFilterParser} reads it, table by table as MLflow's
 * {@code test_search_utils.py} does: good filters and the comparisons they become, bad ones and the
 * message that says what is wrong and where.
 */
class RunFilterParserTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      metrics.rmse < 1                                  | METRIC rmse < 1.0
      metric.rmse>=0.5                                  | METRIC rmse >= 0.5
      metrics.`my metric` != -2e3                       | METRIC my metric != -2000.0
      params.alpha = '0.1'                              | PARAM alpha = 0.1
      param."a b" LIKE 'x%'                             | PARAM a b LIKE x%
      parameters.alpha ILIKE "X%"                       | PARAM alpha ILIKE X%
      params.alpha IN ('0.1', '0.5')                    | PARAM alpha IN [0.1, 0.5]
      tags.team NOT IN ('fraud')                        | TAG team NOT IN [fraud]
      tags.team IS NULL                                 | TAG team IS NULL null
      tag.team is not null                              | TAG team IS NOT NULL null
      attributes.status = 'FINISHED'                    | ATTRIBUTE status = FINISHED
      status = 'FINISHED'                               | ATTRIBUTE status = FINISHED
      run.run_name LIKE 'a%'                            | ATTRIBUTE run_name LIKE a%
      attr.start_time > 1000                            | ATTRIBUTE start_time > 1000.0
      attributes.end_time IS NULL                       | ATTRIBUTE end_time IS NULL null
      `run_id` IN ('a','b')                             | ATTRIBUTE run_id IN [a, b]
      metrics.rmse < 1 and params.alpha = '0.1'         | METRIC rmse < 1.0; PARAM alpha = 0.1
      tags.`mlflow.user` = 'keel' AND metrics.x > 0     | TAG mlflow.user = keel; METRIC x > 0.0
      tags.keel.status = 'AWAITING_APPROVAL'            | TAG keel.status = AWAITING_APPROVAL
      ~  ~                                              | ~~
      """)
  void goodFilters(String filter, String comparisons) {
    assertThat(show(RunFilterParser.parse(filter, null).comparisons())).isEqualTo(comparisons);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      metrics.rmse        | invalid filter 'metrics.rmse' at position 12: expected a comparison operator (= != > >= < <= LIKE ILIKE IN, NOT IN, IS NULL, IS NOT NULL), found ''
      foo.rmse < 1        | invalid filter 'foo.rmse < 1' at position 0: unknown entity 'foo'; expected metrics., params., tags. or attributes.
      colour = 'red'      | invalid filter 'colour = 'red'' at position 0: unknown attribute 'colour'; expected one of [artifact_uri, end_time, run_id, run_name, start_time, status, user_id]
      metrics.`` < 1      | invalid filter 'metrics.`` < 1' at position 0: expected a key after 'metrics.``'
      metrics.`rmse < 1   | invalid filter 'metrics.`rmse < 1' at position 8: unterminated ` in a key
      < 1                 | invalid filter '< 1' at position 0: expected an identifier such as metrics.rmse, found '< 1'
      metrics.rmse < 'a'  | filter at position 13: metric 'rmse' is compared with a number, got the string 'a'
      params.alpha = 1    | filter at position 13: param 'alpha' is compared with a quoted string, got the number 1.0
      metrics.rmse LIKE 1 | filter at position 13: operator 'LIKE' cannot compare metric 'rmse'; expected one of [=, !=, >, >=, <, <=]
      params.alpha > '1'  | filter at position 13: operator '>' cannot compare param 'alpha'; expected one of [=, !=, LIKE, ILIKE, IN, NOT IN]
      params.a IN 'x'     | invalid filter 'params.a IN 'x'' at position 12: expected '(' to open a list of quoted strings, found ''x''
      params.a IN ('x' 'y') | invalid filter 'params.a IN ('x' 'y')' at position 17: expected ',' or ')' in a list, found ''y')'
      params.a IN ('x', 2) | invalid filter 'params.a IN ('x', 2)' at position 18: a list holds quoted strings, found the number 2.0
      params.a = 'x       | invalid filter 'params.a = 'x' at position 11: unterminated string value
      metrics.a =         | invalid filter 'metrics.a =' at position 11: expected a value, found the end of the filter
      metrics.a = abc     | invalid filter 'metrics.a = abc' at position 12: expected a number or a quoted string, found 'abc'
      tags.t IS 'x'       | invalid filter 'tags.t IS 'x'' at position 10: expected NULL or NOT NULL after IS, found ''x''
      status IS NULL      | filter at position 7: attribute 'status' is never null; IS NULL applies to metrics, params, tags, start_time and end_time
      metrics.a = 1 OR metrics.b = 2 | invalid filter 'metrics.a = 1 OR metrics.b = 2' at position 14: expected AND or the end of the filter, found 'OR metrics.b = 2'
      metrics.a = 1; DROP TABLE tracking_runs | invalid filter 'metrics.a = 1; DROP TABLE tracking_runs' at position 13: expected AND or the end of the filter, found '; DROP TABLE tracking_runs'
      """)
  void badFilters(String filter, String message) {
    assertThatThrownBy(() -> RunFilterParser.parse(filter, null))
        .isInstanceOfSatisfying(
            MlflowException.class,
            e -> {
              assertThat(e.code()).isEqualTo(MlflowException.Code.INVALID_PARAMETER_VALUE);
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      metrics.rmse                 | METRIC rmse ASC
      metrics.rmse DESC            | METRIC rmse DESC
      params.`a b` asc             | PARAM a b ASC
      tags."team"  DESC            | TAG team DESC
      start_time DESC              | ATTRIBUTE start_time DESC
      attributes.run_name          | ATTRIBUTE run_name ASC
      """)
  void goodOrders(String clause, String order) {
    assertThat(show(RunFilterParser.parse(null, List.of(clause)).orderBy())).isEqualTo(order);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiterString = " => ",
      quoteCharacter = '~',
      textBlock =
          """
      metrics.rmse UP => order_by 'metrics.rmse UP': expected '<entity>.<key> [ASC|DESC]', e.g. 'metrics.rmse ASC' or 'attributes.start_time DESC'
      ~~              => order_by '': expected '<entity>.<key> [ASC|DESC]', e.g. 'metrics.rmse ASC' or 'attributes.start_time DESC'
      colour DESC     => order_by 'colour DESC': unknown attribute 'colour'; expected one of [artifact_uri, end_time, run_id, run_name, start_time, status, user_id]
      foo.bar         => order_by 'foo.bar': unknown attribute 'foo.bar'; expected one of [artifact_uri, end_time, run_id, run_name, start_time, status, user_id]
      """)
  void badOrders(String clause, String message) {
    assertThatThrownBy(() -> RunFilterParser.parse(null, List.of(clause)))
        .isInstanceOf(MlflowException.class)
        .hasMessage(message);
  }

  static String show(List<?> items) {
    return items.stream().map(RunFilterParserTest::show).collect(Collectors.joining("; "));
  }

  private static String show(Object item) {
    if (item instanceof Comparison c) {
      return c.key().entity() + " " + c.key().name() + " " + c.op() + " " + c.value();
    }
    Order o = (Order) item;
    return o.key().entity() + " " + o.key().name() + (o.ascending() ? " ASC" : " DESC");
  }
}
