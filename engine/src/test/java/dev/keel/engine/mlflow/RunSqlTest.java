package dev.keel.engine.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.engine.mlflow.TrackingSearchDao.RunSql;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link RunFilter} → SQL: joins, conditions, order and bound values, without a database. */
class RunSqlTest {

  static RunSql sql(String filter, String... orderBy) {
    return RunSql.of(RunFilterParser.parse(filter, List.of(orderBy)));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '~',
      textBlock =
          """
      metrics.rmse < 1          | JOIN tracking_latest_metrics j0 ON j0.run_uuid = r.run_uuid AND j0.key = :q0 | j0.value < :q1
      params.alpha IN ('a','b') | JOIN tracking_params j0 ON j0.run_uuid = r.run_uuid AND j0.key = :q0         | j0.value = ANY(:q1)
      tags.team NOT IN ('x')    | JOIN tracking_tags j0 ON j0.run_uuid = r.run_uuid AND j0.key = :q0           | j0.value <> ALL(:q1)
      tags.team IS NOT NULL     | JOIN tracking_tags j0 ON j0.run_uuid = r.run_uuid AND j0.key = :q0           | ~~
      tags.team IS NULL         | ~~                                                                           | NOT EXISTS (SELECT 1 FROM tracking_tags x WHERE x.run_uuid = r.run_uuid AND x.key = :q0)
      status = 'FINISHED'       | ~~                                                                           | r.status = :q0
      run_id LIKE 'ab%'         | ~~                                                                           | r.run_uuid LIKE :q0
      end_time IS NULL          | ~~                                                                           | r.end_time IS NULL
      start_time >= 5           | ~~                                                                           | r.start_time >= :q0
      """)
  void oneComparison(String filter, String joins, String condition) {
    RunSql sql = sql(filter);
    assertThat(sql.joins()).isEqualTo(joins);
    assertThat(sql.conditions()).isEqualTo(condition.isEmpty() ? List.of() : List.of(condition));
    assertThat(sql.orderBy()).isEqualTo("r.start_time DESC NULLS LAST, r.run_uuid");
  }

  @Test
  void aKeyComparedTwiceAndOrderedByIsJoinedOnce() {
    RunSql sql = sql("metrics.rmse > 0 AND metrics.rmse < 1", "metrics.rmse DESC", "params.alpha");
    assertThat(sql.joins())
        .isEqualTo(
            "JOIN tracking_latest_metrics j0 ON j0.run_uuid = r.run_uuid AND j0.key = :q0 "
                + "LEFT JOIN tracking_params j1 ON j1.run_uuid = r.run_uuid AND j1.key = :q3");
    assertThat(sql.conditions()).containsExactly("j0.value > :q1", "j0.value < :q2");
    assertThat(sql.orderBy())
        .isEqualTo(
            "j0.value DESC, j1.value ASC NULLS LAST, r.start_time DESC NULLS LAST, r.run_uuid");
    assertThat(sql.binds())
        .containsExactly(
            Map.entry("q0", "rmse"),
            Map.entry("q1", 0.0),
            Map.entry("q2", 1.0),
            Map.entry("q3", "alpha"));
  }

  @Test
  void userTextIsOnlyEverBound() {
    String key = "x'; DROP TABLE tracking_runs; --";
    String value = "y\"); DROP TABLE tracking_params; --";
    RunSql sql =
        sql(
            "params.`" + key + "` = '" + value + "' AND tags.t IN ('" + value + "')",
            "tags.`" + key + "`");
    String text = sql.joins() + " " + String.join(" ", sql.conditions()) + " " + sql.orderBy();
    assertThat(text).doesNotContain("DROP").doesNotContain("'").doesNotContain("\"");
    assertThat(sql.binds())
        .containsEntry("q0", key)
        .containsEntry("q1", value)
        .containsEntry("q4", key);
    assertThat(sql.binds().get("q3")).isEqualTo(new String[] {value});
  }
}
