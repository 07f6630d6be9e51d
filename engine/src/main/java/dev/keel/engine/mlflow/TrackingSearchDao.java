package dev.keel.engine.mlflow;

import dev.keel.engine.mlflow.RunFilter.Comparison;
import dev.keel.engine.mlflow.RunFilter.Entity;
import dev.keel.engine.mlflow.RunFilter.Key;
import dev.keel.engine.mlflow.RunFilter.Order;
import dev.keel.engine.mlflow.TrackingRows.ExperimentRow;
import dev.keel.engine.mlflow.TrackingRows.RunRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.sqlobject.SqlObject;

/**
 * The searches of the {@code tracking_*} tables whose SQL depends on the request: {@code
 * experiments/search} (an optional name condition) and {@code runs/search} (a {@link RunFilter}
 * compiled by {@link RunSql}). User text only ever becomes a bound value; operators, columns and
 * join aliases come from fixed whitelists or counters.
 */
public interface TrackingSearchDao extends SqlObject {

  /**
   * Experiments in {@code stages}, optionally with {@code name <nameOp> :name}, by id; one page
   * plus one row.
   */
  default List<ExperimentRow> experiments(
      String[] stages, String nameOp, String name, int limit, long offset) {
    String op =
        switch (nameOp == null ? "" : nameOp) {
          case "" -> null;
          case "=", "!=", "LIKE", "ILIKE" ->
              nameOp; // whitelisted: the SQL never carries the caller's text
          default -> throw new IllegalArgumentException("experiment name operator " + nameOp);
        };
    Query q =
        getHandle()
            .createQuery(
                TrackingDao.EXPERIMENT
                    + " WHERE lifecycle_stage = ANY(:stages)"
                    + (op == null ? "" : " AND name " + op + " :name")
                    + " ORDER BY id LIMIT :limit OFFSET :offset")
            .bind("stages", stages)
            .bind("limit", limit)
            .bind("offset", offset);
    if (op != null) {
      q.bind("name", name);
    }
    return q.map(ConstructorMapper.of(ExperimentRow.class)).list();
  }

  /**
   * Runs of {@code experimentIds} in {@code stages} that {@code filter} selects, in its order; at
   * most {@code limit} from {@code offset}.
   */
  default List<RunRow> runs(
      RunFilter filter, Long[] experimentIds, String[] stages, long limit, long offset) {
    RunSql query = RunSql.of(filter);
    // one experiment and one stage compare with '=', which lets PostgreSQL read the run index in
    // order
    StringBuilder sql =
        new StringBuilder(TrackingDao.RUN)
            .append(' ')
            .append(query.joins())
            .append(
                experimentIds.length == 1
                    ? " WHERE r.experiment_id = :experimentId"
                    : " WHERE r.experiment_id = ANY(:experimentIds)")
            .append(
                stages.length == 1
                    ? " AND r.lifecycle_stage = :stage"
                    : " AND r.lifecycle_stage = ANY(:stages)");
    for (String condition : query.conditions()) {
      sql.append(" AND ").append(condition);
    }
    sql.append(" ORDER BY ").append(query.orderBy()).append(" LIMIT :limit OFFSET :offset");
    return getHandle()
        .createQuery(sql.toString())
        .bindMap(query.binds())
        .bind("experimentIds", experimentIds)
        .bind("experimentId", experimentIds[0])
        .bind("stages", stages)
        .bind("stage", stages[0])
        .bind("limit", limit)
        .bind("offset", offset)
        .map(ConstructorMapper.of(RunRow.class))
        .list();
  }

  /**
   * A {@link RunFilter} as SQL over {@code tracking_runs r}: JOIN clauses, conditions to AND
   * together, an ORDER BY list ending with a tie-breaker so pages are stable, and the values bound
   * to {@code :q0}, {@code :q1}, ….
   *
   * <p>A metric, param or tag compared with a value (or {@code IS NOT NULL}) is an inner join on
   * its key, since only runs that have the key can match; the join's value then also serves an
   * order-by on the same key, which lets PostgreSQL walk the {@code (key, value)} index in order
   * and stop at the page size.
   */
  record RunSql(String joins, List<String> conditions, String orderBy, Map<String, Object> binds) {

    private static final Map<String, String> COLUMNS =
        Map.of(
            "status",
            "r.status",
            "run_name",
            "r.run_name",
            "run_id",
            "r.run_uuid",
            "user_id",
            "r.user_id",
            "artifact_uri",
            "r.artifact_uri",
            "start_time",
            "r.start_time",
            "end_time",
            "r.end_time");

    public static RunSql of(RunFilter filter) {
      Builder b = new Builder();
      filter.comparisons().forEach(b::comparison);
      filter.orderBy().forEach(b::order);
      b.order.add("r.start_time DESC NULLS LAST");
      b.order.add("r.run_uuid");
      return new RunSql(
          String.join(" ", b.joins),
          List.copyOf(b.conditions),
          String.join(", ", b.order),
          b.binds);
    }

    private static final class Builder {
      private final List<String> joins = new ArrayList<>();
      private final List<String> conditions = new ArrayList<>();
      private final List<String> order = new ArrayList<>();
      private final Map<String, Object> binds = new LinkedHashMap<>();

      /** Inner-joined keys and their alias. */
      private final Map<Key, String> inner = new LinkedHashMap<>();

      private String bind(Object value) {
        String name = "q" + binds.size();
        binds.put(name, value);
        return ":" + name;
      }

      /** The alias of an inner join on the key, added on first use. */
      private String innerJoin(Key key) {
        String alias = inner.get(key);
        if (alias == null) {
          alias = "j" + joins.size();
          joins.add(
              "JOIN "
                  + table(key.entity())
                  + " "
                  + alias
                  + " ON "
                  + alias
                  + ".run_uuid = r.run_uuid AND "
                  + alias
                  + ".key = "
                  + bind(key.name()));
          inner.put(key, alias);
        }
        return alias;
      }

      private void comparison(Comparison c) {
        Key key = c.key();
        switch (c.op()) {
          case "IS NULL", "IS NOT NULL" -> {
            boolean present = c.op().equals("IS NOT NULL");
            if (key.entity() == Entity.ATTRIBUTE) {
              conditions.add(COLUMNS.get(key.name()) + (present ? " IS NOT NULL" : " IS NULL"));
            } else if (present) {
              innerJoin(key);
            } else {
              conditions.add(
                  "NOT EXISTS (SELECT 1 FROM "
                      + table(key.entity())
                      + " x WHERE x.run_uuid = r.run_uuid AND x.key = "
                      + bind(key.name())
                      + ")");
            }
          }
          default -> {
            String column =
                key.entity() == Entity.ATTRIBUTE
                    ? COLUMNS.get(key.name())
                    : innerJoin(key) + ".value";
            String comparison =
                switch (c.op()) { // operators checked against whitelists by the parser
                  case "IN" -> " = ANY(" + bind(values(c)) + ")";
                  case "NOT IN" -> " <> ALL(" + bind(values(c)) + ")";
                  case "=", "!=", ">", ">=", "<", "<=", "LIKE", "ILIKE" ->
                      " " + c.op() + " " + bind(c.value());
                  default -> throw new IllegalArgumentException("operator " + c.op());
                };
            conditions.add(column + comparison);
          }
        }
      }

      private void order(Order o) {
        String direction = o.ascending() ? "ASC" : "DESC";
        Key key = o.key();
        if (key.entity() == Entity.ATTRIBUTE) {
          order.add(COLUMNS.get(key.name()) + " " + direction + " NULLS LAST");
          return;
        }
        String alias = inner.get(key);
        if (alias != null) {
          // an inner join's value is never NULL, so the plain direction matches the (key, value)
          // index either way
          order.add(alias + ".value " + direction);
          return;
        }
        alias = "j" + joins.size();
        joins.add(
            "LEFT JOIN "
                + table(key.entity())
                + " "
                + alias
                + " ON "
                + alias
                + ".run_uuid = r.run_uuid AND "
                + alias
                + ".key = "
                + bind(key.name()));
        order.add(alias + ".value " + direction + " NULLS LAST");
      }

      private static String[] values(Comparison c) {
        return ((List<?>) c.value()).toArray(String[]::new);
      }

      private static String table(Entity entity) {
        return switch (entity) {
          case METRIC -> "tracking_latest_metrics";
          case PARAM -> "tracking_params";
          case TAG -> "tracking_tags";
          case ATTRIBUTE ->
              throw new IllegalArgumentException("attributes are columns of tracking_runs");
        };
      }
    }
  }
}
