package dev.keel.engine.mlflow;

import dev.keel.engine.mlflow.RunFilter.Comparison;
import dev.keel.engine.mlflow.RunFilter.Entity;
import dev.keel.engine.mlflow.RunFilter.Key;
import dev.keel.engine.mlflow.RunFilter.Order;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads MLflow's run search filter ({@code metrics.rmse < 1 AND params.alpha IN ('0.1', '0.5') AND
 * tags.team IS NULL}) and order-by clauses ({@code metrics.rmse ASC}) into a {@link RunFilter}: a
 * hand-written scanner for {@code <entity>.<key> <op> <value> [AND …]} that also checks each
 * operator and value against its key. A malformed filter is an {@link MlflowException} naming the
 * position and the token found there.
 */
public final class RunFilterParser {

  static final List<String> NUMERIC_OPS = List.of("=", "!=", ">", ">=", "<", "<=");
  static final List<String> STRING_OPS = List.of("=", "!=", "LIKE", "ILIKE", "IN", "NOT IN");
  private static final Pattern ORDER =
      Pattern.compile(
          "(?i)\\s*(?:(metrics?|params?|parameters?|tags?|attributes?|attr|run)\\.)?(`[^`]+`|\"[^\"]+\"|[\\w\\-./:]+)"
              + "\\s*(ASC|DESC)?\\s*");

  private final String text;
  private final List<Comparison> comparisons = new ArrayList<>();
  private int pos;

  private RunFilterParser(String text) {
    this.text = text;
  }

  /** Parses a filter (null or blank: no condition) and order-by clauses (null: none). */
  public static RunFilter parse(String filter, List<String> orderBy) {
    List<Comparison> comparisons = List.of();
    if (filter != null && !filter.isBlank()) {
      RunFilterParser parser = new RunFilterParser(filter);
      parser.parse();
      comparisons = parser.comparisons;
    }
    List<Order> order = new ArrayList<>();
    if (orderBy != null) {
      for (String clause : orderBy) {
        order.add(orderBy(clause));
      }
    }
    return new RunFilter(comparisons, order);
  }

  static Order orderBy(String clause) {
    Matcher m = ORDER.matcher(clause == null ? "" : clause);
    if (!m.matches()) {
      throw MlflowException.invalid(
          "order_by '"
              + clause
              + "': expected '<entity>.<key> [ASC|DESC]', e.g. "
              + "'metrics.rmse ASC' or 'attributes.start_time DESC'");
    }
    Entity entity = m.group(1) == null ? Entity.ATTRIBUTE : entity(m.group(1));
    String key = unquote(m.group(2));
    boolean ascending = m.group(3) == null || m.group(3).equalsIgnoreCase("ASC");
    if (entity == Entity.ATTRIBUTE && !isAttribute(key)) {
      throw MlflowException.invalid(
          "order_by '"
              + clause
              + "': unknown attribute '"
              + key
              + "'; expected one of "
              + attributeNames());
    }
    return new Order(new Key(entity, key), ascending);
  }

  /** {@code <key> IS [NOT] NULL}: whether the run has the key at all. */
  private static Comparison presence(Key key, boolean present, int position) {
    if (key.entity() == Entity.ATTRIBUTE && !RunFilter.NUMERIC_ATTRIBUTES.contains(key.name())) {
      throw MlflowException.invalid(
          "filter at position "
              + position
              + ": "
              + key.describe()
              + " is never null; IS NULL applies to metrics, params, tags, start_time and end_time");
    }
    return new Comparison(key, present ? "IS NOT NULL" : "IS NULL", null);
  }

  private static Comparison comparison(Key key, String op, Object value, int position) {
    boolean numeric = key.numeric();
    List<String> allowed = numeric ? NUMERIC_OPS : STRING_OPS;
    if (!allowed.contains(op)) {
      throw MlflowException.invalid(
          "filter at position "
              + position
              + ": operator '"
              + op
              + "' cannot compare "
              + key.describe()
              + "; expected one of "
              + allowed);
    }
    boolean list = op.equals("IN") || op.equals("NOT IN");
    if (list && !(value instanceof String[])) {
      throw MlflowException.invalid(
          "filter at position "
              + position
              + ": "
              + op
              + " takes a parenthesised list "
              + "of quoted strings, e.g. ('a', 'b'), got "
              + describeValue(value));
    }
    if (!list && numeric && !(value instanceof Double)) {
      throw MlflowException.invalid(
          "filter at position "
              + position
              + ": "
              + key.describe()
              + " is compared with a number, got "
              + describeValue(value));
    }
    if (!list && !numeric && !(value instanceof String)) {
      throw MlflowException.invalid(
          "filter at position "
              + position
              + ": "
              + key.describe()
              + " is compared with a quoted string, got "
              + describeValue(value));
    }
    return new Comparison(key, op, list ? List.of((String[]) value) : value);
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

  private static boolean isAttribute(String key) {
    return RunFilter.STRING_ATTRIBUTES.contains(key) || RunFilter.NUMERIC_ATTRIBUTES.contains(key);
  }

  private static List<String> attributeNames() {
    List<String> names = new ArrayList<>(RunFilter.STRING_ATTRIBUTES);
    names.addAll(RunFilter.NUMERIC_ATTRIBUTES);
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

  private void parse() {
    while (true) {
      skipSpace();
      int start = pos;
      String identifier = identifier();
      Entity entity = Entity.ATTRIBUTE;
      String key;
      int dot = identifier.indexOf('.');
      if (dot > 0 && !identifier.startsWith("`") && !identifier.startsWith("\"")) {
        entity = entity(identifier.substring(0, dot));
        if (entity == null) {
          throw fail(
              start,
              "unknown entity '"
                  + identifier.substring(0, dot)
                  + "'; expected metrics., params., tags. or attributes.");
        }
        key = unquote(identifier.substring(dot + 1));
      } else {
        key = unquote(identifier);
      }
      if (key.isEmpty()) {
        throw fail(start, "expected a key after '" + identifier + "'");
      }
      if (entity == Entity.ATTRIBUTE && !isAttribute(key)) {
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
        comparisons.add(presence(new Key(entity, key), not, opAt));
      } else {
        String op = operator();
        skipSpace();
        Object value = op.endsWith("IN") ? list() : value();
        comparisons.add(comparison(new Key(entity, key), op, value, opAt));
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
    throw fail(
        pos,
        "expected a comparison operator (= != > >= < <= LIKE ILIKE IN, NOT IN, IS NULL, "
            + "IS NOT NULL), found '"
            + rest()
            + "'");
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
    while (pos < text.length()
        && (Character.isDigit(text.charAt(pos)) || "+-.eE".indexOf(text.charAt(pos)) >= 0)) {
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
    return MlflowException.invalid(
        "invalid filter '" + text + "' at position " + at + ": " + message);
  }
}
