package dev.keel.engine.mlflow;

import dev.keel.engine.mlflow.RegistryFilter.Clause;
import dev.keel.engine.models.RegistryDao;
import dev.keel.engine.models.RegistryRows.ModelRow;
import dev.keel.engine.models.RegistryRows.VersionRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code registered-models/search} and {@code model-versions/search}: a filter and an order turned
 * into a condition from fixed fragments (attributes and operators from a closed list, the tag
 * tables {@link RegistryDao} names; every value bound as a parameter) that {@link RegistryDao}
 * runs, paged by an opaque token that carries the offset.
 */
final class RegistrySearch {

  /** A page of rows and the token of the next page (null on the last). */
  record Page<T>(List<T> rows, String nextPageToken) {}

  private static final Map<String, String> MODEL_ATTRIBUTES = Map.of("name", "m.name");
  private static final Map<String, String> VERSION_ATTRIBUTES =
      Map.of(
          "name",
          "m.name",
          "run_id",
          "coalesce(v.tracking_run_id, v.run_id)",
          "source_path",
          "v.source",
          "source",
          "v.source",
          "version_number",
          "v.version");
  private static final Map<String, String> MODEL_ORDER =
      Map.of(
          "name",
          "m.name",
          "last_updated_timestamp",
          "updated",
          "timestamp",
          "created",
          "creation_timestamp",
          "created");
  private static final Map<String, String> VERSION_ORDER =
      Map.of(
          "name",
          "m.name",
          "version_number",
          "v.version",
          "creation_timestamp",
          "created",
          "timestamp",
          "created",
          "last_updated_timestamp",
          "updated");

  private RegistrySearch() {}

  static Page<ModelRow> models(
      RegistryDao dao, String filter, String maxResults, List<String> orderBy, String pageToken) {
    int limit = limit(maxResults, 100, 1000);
    int offset = (int) PageToken.decode(pageToken, Integer.MAX_VALUE);
    Sql sql = where(RegistryFilter.parse(filter), MODEL_ATTRIBUTES, RegistryDao.MODEL_TAGS);
    String order = order(orderBy, MODEL_ORDER, "m.name ASC", "m.name ASC");
    return page(dao.searchModels(sql.text, order, sql.values(), limit + 1, offset), limit, offset);
  }

  static Page<VersionRow> versions(
      RegistryDao dao, String filter, String maxResults, List<String> orderBy, String pageToken) {
    int limit = limit(maxResults, 10_000, 200_000);
    int offset = (int) PageToken.decode(pageToken, Integer.MAX_VALUE);
    Sql sql = where(RegistryFilter.parse(filter), VERSION_ATTRIBUTES, RegistryDao.VERSION_TAGS);
    String order =
        order(orderBy, VERSION_ORDER, "m.name ASC, v.version DESC", "m.name ASC, v.version DESC");
    return page(
        dao.searchVersions(sql.text, order, sql.values(), limit + 1, offset), limit, offset);
  }

  private static <T> Page<T> page(List<T> rows, int limit, int offset) {
    if (rows.size() <= limit) {
      return new Page<>(rows, null);
    }
    return new Page<>(rows.subList(0, limit), PageToken.encode(offset + limit));
  }

  private static int limit(String maxResults, int byDefault, int max) {
    if (maxResults == null || maxResults.isEmpty()) {
      return byDefault;
    }
    long n;
    try {
      n = Long.parseLong(maxResults.trim());
    } catch (NumberFormatException e) {
      throw MlflowException.invalid(
          "max_results '" + maxResults + "' is not a number; expected 1 to " + max);
    }
    if (n < 1 || n > max) {
      throw MlflowException.invalid("max_results " + n + " is out of range; expected 1 to " + max);
    }
    return (int) n;
  }

  /**
   * The ORDER BY of {@code orderBy} ("name", "last_updated_timestamp DESC", …), with a tie-breaker.
   */
  private static String order(
      List<String> orderBy, Map<String, String> columns, String byDefault, String tieBreaker) {
    if (orderBy == null || orderBy.isEmpty()) {
      return byDefault;
    }
    List<String> parts = new ArrayList<>();
    for (String clause : orderBy) {
      String[] words = clause.trim().split("\\s+");
      String column = columns.get(words[0].toLowerCase(Locale.ROOT));
      String direction = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "ASC";
      if (column == null
          || words.length > 2
          || !(direction.equals("ASC") || direction.equals("DESC"))) {
        throw MlflowException.invalid(
            "order_by '"
                + clause
                + "' is invalid; expected one of "
                + columns.keySet().stream().sorted().toList()
                + " optionally followed by ASC or DESC");
      }
      parts.add(column + " " + direction);
    }
    parts.add(tieBreaker);
    return String.join(", ", parts);
  }

  /** A WHERE condition and its bound values, by parameter name ({@code p0}, {@code p1}, ...). */
  private record Sql(String text, Map<String, String> values) {}

  private static Sql where(List<Clause> clauses, Map<String, String> attributes, String tagTable) {
    List<String> conditions = new ArrayList<>();
    List<String> values = new ArrayList<>();
    conditions.add("TRUE");
    for (Clause c : clauses) {
      if ("tags".equals(c.attribute())) {
        String key = param(values, c.tagKey());
        conditions.add(
            "EXISTS (SELECT 1 FROM "
                + tagTable
                + " AND t.key = "
                + key
                + " AND "
                + comparison("t.value", c, values, false)
                + ")");
        continue;
      }
      String column = attributes.get(c.attribute());
      if (column == null) {
        throw MlflowException.invalid(
            "'"
                + c.attribute()
                + "' is not a searchable attribute; expected one of "
                + attributes.keySet().stream().sorted().toList()
                + " or tags.<key>");
      }
      conditions.add(comparison(column, c, values, column.equals("v.version")));
    }
    Map<String, String> named = new LinkedHashMap<>();
    for (int i = 0; i < values.size(); i++) {
      named.put("p" + i, values.get(i));
    }
    return new Sql(String.join(" AND ", conditions), named);
  }

  private static String comparison(String column, Clause c, List<String> values, boolean numeric) {
    String op = c.op();
    if (numeric) {
      if (op.contains("LIKE")) {
        throw MlflowException.invalid(
            "version_number is compared with =, !=, <, <=, >, >= or IN, not " + op);
      }
      for (String v : c.values()) {
        if (!v.matches("\\d{1,9}")) {
          throw MlflowException.invalid("version_number '" + v + "' is not a version number");
        }
      }
      column = "CAST(" + column + " AS text)";
      if (!op.equals("=") && !op.equals("!=") && !op.endsWith("IN")) {
        column = "v.version";
        return column + " " + op + " CAST(" + param(values, c.values().get(0)) + " AS int)";
      }
    } else if (op.startsWith("<") || op.startsWith(">")) {
      throw MlflowException.invalid(
          "'" + c.attribute() + "' is compared with =, !=, LIKE, ILIKE or IN, not " + op);
    }
    if (op.endsWith("IN")) {
      List<String> params = c.values().stream().map(v -> param(values, v)).toList();
      return column + " " + op + " (" + String.join(", ", params) + ")";
    }
    if (op.contains("LIKE") && endsWithEscape(c.values().get(0))) {
      throw MlflowException.invalid(
          "the "
              + op
              + " pattern '"
              + c.values().get(0)
              + "' of '"
              + c.attribute()
              + "' ends with the escape character '\\'; escape it as '\\\\' or end the pattern differently");
    }
    return column + " " + op + " " + param(values, c.values().get(0));
  }

  /** True when a LIKE pattern ends with an unescaped backslash, which PostgreSQL refuses. */
  static boolean endsWithEscape(String pattern) {
    int n = 0;
    for (int i = pattern.length() - 1; i >= 0 && pattern.charAt(i) == '\\'; i--) {
      n++;
    }
    return n % 2 == 1;
  }

  private static String param(List<String> values, String value) {
    values.add(value);
    return ":p" + (values.size() - 1);
  }
}
