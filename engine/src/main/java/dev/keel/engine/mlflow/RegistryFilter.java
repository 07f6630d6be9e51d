package dev.keel.engine.mlflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A model-registry search filter as MLflow writes it: comparisons joined by {@code AND}, e.g.
 * {@code name LIKE 'churn%' AND tags.team = 'risk'} or {@code run_id IN ('a', 'b')}. Keys are plain
 * identifiers, {@code tags.<key>} (the key may be back-quoted or double-quoted); values are quoted
 * strings or numbers.
 */
public final class RegistryFilter {

  /**
   * One comparison: the attribute (or {@code tags} with a tag key), the operator in upper case, the
   * values.
   */
  public record Clause(String attribute, String tagKey, String op, List<String> values) {}

  private static final Set<String> OPS =
      Set.of("=", "!=", "<", "<=", ">", ">=", "LIKE", "ILIKE", "IN", "NOT IN");

  private final String text;
  private int pos;

  private RegistryFilter(String text) {
    this.text = text;
  }

  /**
   * The clauses of {@code filter}; empty for null or blank. Malformed text is
   * INVALID_PARAMETER_VALUE.
   */
  public static List<Clause> parse(String filter) {
    List<Clause> clauses = new ArrayList<>();
    if (filter == null || filter.isBlank()) {
      return clauses;
    }
    RegistryFilter p = new RegistryFilter(filter);
    clauses.add(p.clause());
    while (p.skipSpace()) {
      String and = p.word();
      if (!"AND".equalsIgnoreCase(and)) {
        throw p.error("expected AND between comparisons, found '" + and + "'");
      }
      clauses.add(p.clause());
    }
    return clauses;
  }

  private Clause clause() {
    skipSpace();
    String key = word();
    if (key.isEmpty()) {
      throw error("expected an attribute such as name or tags.<key>");
    }
    String tagKey = null;
    String attribute = key.toLowerCase(Locale.ROOT);
    if (attribute.equals("tags") || attribute.equals("tag")) {
      if (pos >= text.length() || text.charAt(pos) != '.') {
        throw error("expected tags.<key>");
      }
      pos++;
      tagKey =
          pos < text.length() && (text.charAt(pos) == '`' || text.charAt(pos) == '"')
              ? quoted()
              : word();
      if (tagKey.isEmpty()) {
        throw error("expected a tag key after 'tags.'");
      }
      attribute = "tags";
    } else if (pos < text.length() && text.charAt(pos) == '.') {
      throw error(
          "'" + key + ".' is not a filter attribute; expected name, tags.<key> or an attribute");
    }
    skipSpace();
    String op = operator();
    skipSpace();
    List<String> values = new ArrayList<>();
    if (op.endsWith("IN")) {
      expect('(');
      do {
        skipSpace();
        values.add(value());
        skipSpace();
      } while (consume(','));
      expect(')');
    } else {
      values.add(value());
    }
    return new Clause(attribute, tagKey, op, values);
  }

  private String operator() {
    int start = pos;
    while (pos < text.length() && "=!<>".indexOf(text.charAt(pos)) >= 0) {
      pos++;
    }
    String op = text.substring(start, pos);
    if (op.isEmpty()) {
      op = word().toUpperCase(Locale.ROOT);
      if (op.equals("NOT")) {
        skipSpace();
        op = "NOT " + word().toUpperCase(Locale.ROOT);
      }
    }
    if (!OPS.contains(op)) {
      throw error(
          "'" + op + "' is not a comparison; expected =, !=, <, <=, >, >=, LIKE, ILIKE or IN");
    }
    return op;
  }

  private String value() {
    if (pos < text.length() && (text.charAt(pos) == '\'' || text.charAt(pos) == '"')) {
      return quoted();
    }
    int start = pos;
    while (pos < text.length()
        && (Character.isLetterOrDigit(text.charAt(pos))
            || text.charAt(pos) == '.'
            || text.charAt(pos) == '-')) {
      pos++;
    }
    if (start == pos) {
      throw error("expected a quoted string or a number");
    }
    return text.substring(start, pos);
  }

  private String quoted() {
    char quote = text.charAt(pos++);
    StringBuilder out = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos++);
      if (c == quote) {
        if (pos < text.length() && text.charAt(pos) == quote) {
          out.append(quote);
          pos++;
          continue;
        }
        return out.toString();
      }
      out.append(c);
    }
    throw error("unterminated quoted string");
  }

  private String word() {
    int start = pos;
    while (pos < text.length()
        && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    return text.substring(start, pos);
  }

  /** Skips blanks; true when text remains. */
  private boolean skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
    return pos < text.length();
  }

  private boolean consume(char c) {
    if (pos < text.length() && text.charAt(pos) == c) {
      pos++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    skipSpace();
    if (!consume(c)) {
      throw error("expected '" + c + "'");
    }
  }

  private MlflowException error(String what) {
    return MlflowException.invalid(
        "invalid filter '" + text + "' at position " + pos + ": " + what);
  }
}
