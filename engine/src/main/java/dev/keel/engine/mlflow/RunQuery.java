package dev.keel.engine.mlflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns MLflow's run search filter ({@code metrics.rmse < 1 AND params.alpha IN ('0.1', '0.5') AND tags.team IS
 * NULL}) and order-by clauses ({@code metrics.rmse ASC}) into joins, conditions and an ORDER BY over
 * {@code tracking_runs r}. User text only ever becomes a bound value: keys, values and value lists are bound
 * parameters; operators, attribute columns and join aliases come from fixed whitelists or counters. A malformed
 * filter is an {@link MlflowException} naming the position and the token found there.
 *
 * <p>A metric, param or tag compared with a value (or {@code IS NOT NULL}) is an inner join on its key, since only
 * runs that have the key can match; the join's value then also serves an order-by on the same key, which lets
 * PostgreSQL walk the {@code (key, value)} index in order and stop at the page size.
 */
public final class RunQuery {

  enum Entity { METRIC, PARAM, TAG, ATTRIBUTE }

  /** Attributes that can be filtered and sorted on, and their columns; numeric ones compare as numbers. */
  private static final Map<String, String> STRING_ATTRIBUTES = Map.of("status", "r.status", "run_name",
      "r.run_name", "run_id", "r.run_uuid", "user_id", "r.user_id", "artifact_uri", "r.artifact_uri");
  private static final Map<String, String> NUMERIC_ATTRIBUTES = Map.of(
      "start_time", "r.start_time", "end_time", "r.end_time");
  private static final List<String> NUMERIC_OPS = List.of("=", "!=", ">", ">=", "<", "<=");
  private static final List<String> STRING_OPS = List.of("=", "!=", "LIKE", "ILIKE", "IN", "NOT IN");
  private static final Pattern ORDER = Pattern.compile(
      "(?i)\\s*(?:(metrics?|params?|parameters?|tags?|attributes?|attr|run)\\.)?(`[^`]+`|\"[^\"]+\"|[\\w\\-./:]+)"
          + "\\s*(ASC|DESC)?\\s*");

  private final List<String> joins = new ArrayList<>();
  private final List<String> conditions = new ArrayList<>();
  private final List<String> order = new ArrayList<>();
  private final Map<String, Object> binds = new LinkedHashMap<>();
  /** Inner-joined (entity, key) pairs and their alias. */
  private final Map<String, String> inner = new LinkedHashMap<>();

  private RunQuery() {}

  /** Parses a filter (null or blank: no condition) and order-by clauses (null: newest first). */
  public static RunQuery parse(String filter, List<String> orderBy) {
    RunQuery q = new RunQuery();
    if (filter != null && !filter.isBlank()) {
      new Parser(filter, q).parse();
    }
    if (orderBy != null) {
      for (String clause : orderBy) {
        q.orderBy(clause);
      }
    }
    q.order.add("r.start_time DESC NULLS LAST");
    q.order.add("r.run_uuid");
    return q;
  }

  /** JOIN clauses to follow {@code FROM tracking_runs r}, joined by spaces. */
  public String joinSql() {
    return String.join(" ", joins);
  }

  /** SQL conditions to AND together, each over {@code r} and the joins. */
  public List<String> conditions() {
    return conditions;
  }

  /** The ORDER BY list, ending with a tie-breaker so pages are stable. */
  public String orderSql() {
    return String.join(", ", order);
  }

  public Map<String, Object> binds() {
    return binds;
  }

  private String bind(Object value) {
    String name = "q" + binds.size();
    binds.put(name, value);
    return ":" + name;
  }

  /** The alias of an inner join on {@code entity}'s {@code key}, added on first use. */
  private String innerJoin(Entity entity, String key) {
    String id = entity + "\u0000" + key;
    String alias = inner.get(id);
    if (alias == null) {
      alias = "j" + joins.size();
      joins.add("JOIN " + table(entity) + " " + alias + " ON " + alias + ".run_uuid = r.run_uuid AND " + alias
          + ".key = " + bind(key));
      inner.put(id, alias);
    }
    return alias;
  }

  private void orderBy(String clause) {
    Matcher m = ORDER.matcher(clause == null ? "" : clause);
    if (!m.matches()) {
      throw MlflowException.invalid("order_by '" + clause + "': expected '<entity>.<key> [ASC|DESC]', e.g. "
          + "'metrics.rmse ASC' or 'attributes.start_time DESC'");
    }
    Entity entity = m.group(1) == null ? Entity.ATTRIBUTE : entity(m.group(1));
    String key = unquote(m.group(2));
    String direction = m.group(3) == null || m.group(3).equalsIgnoreCase("ASC") ? "ASC" : "DESC";
    if (entity == Entity.ATTRIBUTE) {
      String column = attributeColumn(key);
      if (column == null) {
        throw MlflowException.invalid("order_by '" + clause + "': unknown attribute '" + key + "'; expected one of "
            + attributeNames());
      }
      order.add(column + " " + direction + " NULLS LAST");
      return;
    }
    String alias = inner.get(entity + "\u0000" + key);
    if (alias != null) {
      // an inner join's value is never NULL, so the plain direction matches the (key, value) index either way
      order.add(alias + ".value " + direction);
      return;
    }
    alias = "j" + joins.size();
    joins.add("LEFT JOIN " + table(entity) + " " + alias + " ON " + alias + ".run_uuid = r.run_uuid AND " + alias
        + ".key = " + bind(key));
    order.add(alias + ".value " + direction + " NULLS LAST");
  }

  /** Adds {@code <entity>.<key> IS [NOT] NULL}: whether the run has the key at all. */
  private void presence(Entity entity, String key, boolean present, int position) {
    if (entity == Entity.ATTRIBUTE) {
      if (!NUMERIC_ATTRIBUTES.containsKey(key)) {
        throw MlflowException.invalid("filter at position " + position + ": " + describe(entity, key)
            + " is never null; IS NULL applies to metrics, params, tags, start_time and end_time");
      }
      conditions.add(attributeColumn(key) + (present ? " IS NOT NULL" : " IS NULL"));
    } else if (present) {
      innerJoin(entity, key);
    } else {
      conditions.add("NOT EXISTS (SELECT 1 FROM " + table(entity) + " x WHERE x.run_uuid = r.run_uuid AND x.key = "
          + bind(key) + ")");
    }
  }

  private void condition(Entity entity, String key, String op, Object value, int position) {
    boolean numeric = entity == Entity.METRIC || entity == Entity.ATTRIBUTE && NUMERIC_ATTRIBUTES.containsKey(key);
    List<String> allowed = numeric ? NUMERIC_OPS : STRING_OPS;
    if (!allowed.contains(op)) {
      throw MlflowException.invalid("filter at position " + position + ": operator '" + op + "' cannot compare "
          + describe(entity, key) + "; expected one of " + allowed);
    }
    boolean list = op.equals("IN") || op.equals("NOT IN");
    if (list && !(value instanceof String[])) {
      throw MlflowException.invalid("filter at position " + position + ": " + op + " takes a parenthesised list "
          + "of quoted strings, e.g. ('a', 'b'), got " + describeValue(value));
    }
    if (!list && numeric && !(value instanceof Double)) {
      throw MlflowException.invalid("filter at position " + position + ": " + describe(entity, key)
          + " is compared with a number, got " + describeValue(value));
    }
    if (!list && !numeric && !(value instanceof String)) {
      throw MlflowException.invalid("filter at position " + position + ": " + describe(entity, key)
          + " is compared with a quoted string, got " + describeValue(value));
    }
    String column = entity == Entity.ATTRIBUTE ? attributeColumn(key) : innerJoin(entity, key) + ".value";
    String comparison = switch (op) { // operators from the whitelists above
      case "IN" -> " = ANY(" + bind(value) + ")";
      case "NOT IN" -> " <> ALL(" + bind(value) + ")";
      default -> " " + op + " " + bind(value);
    };
    conditions.add(column + comparison);
  }

  private static String describe(Entity entity, String key) {
    return entity.name().toLowerCase(Locale.ROOT) + " '" + key + "'";
  }

  private static String describeValue(Object value) {
    if (value instanceof String s) {
      return "the string '" + s + "'";
    }
    if (value instanceof String[] values) {
      return "a list of " + values.length + " strings";
    }
    return "the number " + value;
  }

  private static String table(Entity entity) {
    return switch (entity) {
      case METRIC -> "tracking_latest_metrics";
      case PARAM -> "tracking_params";
      case TAG -> "tracking_tags";
      case ATTRIBUTE -> throw new IllegalArgumentException("attributes are columns of tracking_runs");
    };
  }

  private static String attributeColumn(String key) {
    String column = STRING_ATTRIBUTES.get(key);
    return column != null ? column : NUMERIC_ATTRIBUTES.get(key);
  }

  private static List<String> attributeNames() {
    List<String> names = new ArrayList<>(STRING_ATTRIBUTES.keySet());
    names.addAll(NUMERIC_ATTRIBUTES.keySet());
    names.sort(null);
    return names;
  }

  static Entity entity(String prefix) {
    return switch (prefix.toLowerCase(Locale.ROOT)) {
      case "metric", "metrics" -> Entity.METRIC;
      case "param", "params", "parameter", "parameters" -> Entity.PARAM;
      case "tag", "tags" -> Entity.TAG;
      case "attribute", "attributes", "attr", "run" -> Entity.ATTRIBUTE;
      default -> null;
    };
  }

  private static String unquote(String key) {
    if (key.length() >= 2 && (key.charAt(0) == '`' || key.charAt(0) == '"')) {
      return key.substring(1, key.length() - 1);
    }
    return key;
  }

  /** A hand-written scanner for {@code <entity>.<key> <op> <value> [AND …]}. */
  private static final class Parser {
    private final String text;
    private final RunQuery query;
    private int pos;

    Parser(String text, RunQuery query) {
      this.text = text;
      this.query = query;
    }

    void parse() {
      while (true) {
        skipSpace();
        int start = pos;
        String identifier = identifier();
        Entity entity = Entity.ATTRIBUTE;
        String key = identifier;
        int dot = identifier.indexOf('.');
        if (dot > 0 && !identifier.startsWith("`") && !identifier.startsWith("\"")) {
          entity = entity(identifier.substring(0, dot));
          if (entity == null) {
            throw fail(start, "unknown entity '" + identifier.substring(0, dot)
                + "'; expected metrics., params., tags. or attributes.");
          }
          key = unquote(identifier.substring(dot + 1));
        } else {
          key = unquote(identifier);
        }
        if (key.isEmpty()) {
          throw fail(start, "expected a key after '" + identifier + "'");
        }
        if (entity == Entity.ATTRIBUTE && attributeColumn(key) == null) {
          throw fail(start, "unknown attribute '" + key + "'; expected one of " + attributeNames());
        }
        skipSpace();
        int opAt = pos;
        if (keyword("IS")) {
          skipSpace();
          boolean not = keyword("NOT");
          skipSpace();
          if (!keyword("NULL")) {
            throw fail(pos, "expected NULL or NOT NULL after IS, found '" + rest() + "'");
          }
          query.presence(entity, key, not, opAt);
        } else {
          String op = operator();
          skipSpace();
          Object value = op.endsWith("IN") ? list() : value();
          query.condition(entity, key, op, value, opAt);
        }
        skipSpace();
        if (pos >= text.length()) {
          return;
        }
        if (!keyword("AND")) {
          throw fail(pos, "expected AND or the end of the filter, found '" + rest() + "'");
        }
      }
    }

    private String identifier() {
      int start = pos;
      StringBuilder out = new StringBuilder();
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == '`' || c == '"') {
          int end = text.indexOf(c, pos + 1);
          if (end < 0) {
            throw fail(pos, "unterminated " + c + " in a key");
          }
          out.append(text, pos, end + 1);
          pos = end + 1;
        } else if (Character.isLetterOrDigit(c) || "_-./:".indexOf(c) >= 0) {
          out.append(c);
          pos++;
        } else {
          break;
        }
      }
      if (out.length() == 0) {
        throw fail(start, "expected an identifier such as metrics.rmse, found '" + rest() + "'");
      }
      return out.toString();
    }

    private String operator() {
      for (String op : List.of(">=", "<=", "!=", "=", ">", "<")) {
        if (text.startsWith(op, pos)) {
          pos += op.length();
          return op;
        }
      }
      for (String op : List.of("ILIKE", "LIKE", "IN")) {
        if (keyword(op)) {
          return op;
        }
      }
      int at = pos;
      if (keyword("NOT")) {
        skipSpace();
        if (keyword("IN")) {
          return "NOT IN";
        }
        pos = at;
      }
      throw fail(pos, "expected a comparison operator (= != > >= < <= LIKE ILIKE IN, NOT IN, IS NULL, "
          + "IS NOT NULL), found '" + rest() + "'");
    }

    /** A parenthesised, comma-separated list of quoted strings. */
    private String[] list() {
      if (pos >= text.length() || text.charAt(pos) != '(') {
        throw fail(pos, "expected '(' to open a list of quoted strings, found '" + rest() + "'");
      }
      pos++;
      List<String> values = new ArrayList<>();
      while (true) {
        skipSpace();
        int at = pos;
        Object value = value();
        if (!(value instanceof String s)) {
          throw fail(at, "a list holds quoted strings, found the number " + value);
        }
        values.add(s);
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == ',') {
          pos++;
        } else if (pos < text.length() && text.charAt(pos) == ')') {
          pos++;
          return values.toArray(String[]::new);
        } else {
          throw fail(pos, "expected ',' or ')' in a list, found '" + rest() + "'");
        }
      }
    }

    private Object value() {
      if (pos >= text.length()) {
        throw fail(pos, "expected a value, found the end of the filter");
      }
      char c = text.charAt(pos);
      if (c == '\'' || c == '"') {
        int end = text.indexOf(c, pos + 1);
        if (end < 0) {
          throw fail(pos, "unterminated string value");
        }
        String value = text.substring(pos + 1, end);
        pos = end + 1;
        return value;
      }
      int start = pos;
      while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || "+-.eE".indexOf(text.charAt(pos)) >= 0)) {
        pos++;
      }
      try {
        return Double.parseDouble(text.substring(start, pos));
      } catch (NumberFormatException e) {
        pos = start;
        throw fail(start, "expected a number or a quoted string, found '" + rest() + "'");
      }
    }

    private boolean keyword(String word) {
      int end = pos + word.length();
      if (text.regionMatches(true, pos, word, 0, word.length())
          && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
        pos = end;
        return true;
      }
      return false;
    }

    private void skipSpace() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private String rest() {
      String rest = text.substring(Math.min(pos, text.length()));
      return rest.length() > 30 ? rest.substring(0, 30) + "…" : rest;
    }

    private MlflowException fail(int at, String message) {
      return MlflowException.invalid("invalid filter '" + text + "' at position " + at + ": " + message);
    }
  }
}
