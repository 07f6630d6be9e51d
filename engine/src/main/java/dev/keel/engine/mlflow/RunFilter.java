package dev.keel.engine.mlflow;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A run search as {@link RunFilterParser} reads it from MLflow's filter and order-by text, checked
 * and free of SQL: comparisons to AND together and the order the caller asked for. {@link
 * TrackingSearchDao.RunSql} turns it into SQL.
 *
 * @param comparisons the filter's comparisons, in the order written
 * @param orderBy the order-by clauses, in the order given (without the default order that follows
 *     them)
 */
public record RunFilter(List<Comparison> comparisons, List<Order> orderBy) {

  public RunFilter {
    comparisons = List.copyOf(comparisons);
    orderBy = List.copyOf(orderBy);
  }

  /** What a key names: an attribute of the run itself, or one of its metrics, params or tags. */
  public enum Entity {
    METRIC,
    PARAM,
    TAG,
    ATTRIBUTE
  }

  /** Attributes that compare as text. */
  static final Set<String> STRING_ATTRIBUTES =
      Set.of("status", "run_name", "run_id", "user_id", "artifact_uri");

  /** Attributes that compare as numbers (and may be null). */
  static final Set<String> NUMERIC_ATTRIBUTES = Set.of("start_time", "end_time");

  /** An attribute ({@code start_time}) or a metric, param or tag key ({@code metrics.rmse}). */
  public record Key(Entity entity, String name) {

    /**
     * Metrics and the numeric attributes compare with numbers, everything else with quoted strings.
     */
    public boolean numeric() {
      return entity == Entity.METRIC
          || entity == Entity.ATTRIBUTE && NUMERIC_ATTRIBUTES.contains(name);
    }

    /** As messages name it, e.g. {@code metric 'rmse'}. */
    public String describe() {
      return entity.name().toLowerCase(Locale.ROOT) + " '" + name + "'";
    }
  }

  /**
   * {@code <key> <op> <value>}. {@code op} is one of {@code = != > >= < <= LIKE ILIKE IN NOT IN} or
   * {@code IS NULL}/{@code IS NOT NULL}; {@code value} is a {@link Double} (numeric keys), a {@link
   * String}, a {@code List<String>} (IN, NOT IN) or null (IS [NOT] NULL).
   */
  public record Comparison(Key key, String op, Object value) {}

  /** An order-by clause. */
  public record Order(Key key, boolean ascending) {}
}
