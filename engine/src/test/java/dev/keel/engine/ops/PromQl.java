package dev.keel.engine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL expressions of Keel's Grafana dashboards and alert rules, with Grafana's template
 * variables replaced so that promtool can parse them, and the metric names they read.
 */
final class PromQl {

  /**
   * One expression and where it came from ({@code keel-models.json: panel 'Predictions/s' target
   * A}).
   */
  record Expression(String source, String expr) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?(\\w+)(?::\\w+)?}?");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("^\\s*label_values\\((.+),\\s*\\w+\\s*\\)\\s*$");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "inf",
          "nan",
          "atan2");

  private PromQl() {}

  /**
   * Every panel target's {@code expr} and every query variable's selector of a dashboard, as
   * written.
   */
  static List<Expression> dashboard(Path file) {
    JsonNode board = read(JSON, file);
    List<Expression> out = new ArrayList<>();
    collectPanels(file.getFileName().toString(), board.path("panels"), out);
    for (JsonNode variable : board.path("templating").path("list")) {
      if (!"query".equals(variable.path("type").asText())) {
        continue;
      }
      JsonNode query = variable.path("query");
      String text = query.isObject() ? query.path("query").asText() : query.asText();
      Matcher m = LABEL_VALUES.matcher(text);
      if (m.matches()) {
        out.add(
            new Expression(
                file.getFileName() + ": variable '" + variable.path("name").asText() + "'",
                m.group(1)));
      }
    }
    return out;
  }

  private static void collectPanels(String file, JsonNode panels, List<Expression> out) {
    for (JsonNode panel : panels) {
      for (JsonNode target : panel.path("targets")) {
        if (target.hasNonNull("expr")) {
          out.add(
              new Expression(
                  file
                      + ": panel '"
                      + panel.path("title").asText()
                      + "' target "
                      + target.path("refId").asText(),
                  target.path("expr").asText()));
        }
      }
      collectPanels(file, panel.path("panels"), out);
    }
  }

  /** Every rule's {@code expr} of a Prometheus rule file. */
  static List<Expression> rules(Path file) {
    List<Expression> out = new ArrayList<>();
    for (JsonNode group : read(YAML, file).path("groups")) {
      for (JsonNode rule : group.path("rules")) {
        String name =
            rule.has("alert")
                ? "alert " + rule.path("alert").asText()
                : "record " + rule.path("record").asText();
        out.add(new Expression(file.getFileName() + ": " + name, rule.path("expr").asText()));
      }
    }
    return out;
  }

  /**
   * The expression as Prometheus would receive it from Grafana: {@code $__rate_interval} and {@code
   * $__interval} as {@code 1m}, {@code $__range} as {@code 1h}, and any other variable ({@code
   * $model}, {@code ${version}}) as the regex {@code .*} that "All" sends.
   */
  static String substitute(String expr) {
    Matcher m = VARIABLE.matcher(expr);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value =
          switch (m.group(1)) {
            case "__rate_interval", "__interval" -> "1m";
            case "__range" -> "1h";
            default -> ".*";
          };
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    return m.appendTail(out).toString();
  }

  /**
   * Names of the template variables an expression uses outside a regex matcher ({@code
   * label=~"$v"}).
   */
  static Set<String> variablesOutsideRegexMatchers(String expr) {
    String stripped =
        expr.replaceAll("=~\\s*\"\\$\\{?\\w+}?\"", "=~\"\"")
            .replaceAll("\\$\\{?__(rate_interval|interval|range)}?", "");
    Set<String> out = new TreeSet<>();
    Matcher m = VARIABLE.matcher(stripped);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The metric names an expression selects (not functions, keywords, labels or label values). */
  static Set<String> metricNames(String expr) {
    String s =
        expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
            .replaceAll("'(?:[^'\\\\]|\\\\.)*'", "''")
            .replaceAll("`[^`]*`", "``")
            .replaceAll("\\{[^}]*}", " ")
            .replaceAll("\\[[^]]*]", " ")
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ")
            .replaceAll("\\boffset\\s+-?\\d+[smhdwy]\\w*", " ");
    Set<String> names = new TreeSet<>();
    Matcher m =
        Pattern.compile("\\d+(?:\\.\\d*)?(?:[eE][-+]?\\d+)?|[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(s);
    while (m.find()) {
      String token = m.group();
      if (Character.isDigit(token.charAt(0)) || KEYWORDS.contains(token.toLowerCase())) {
        continue;
      }
      if (s.substring(m.end()).matches("(?s)^\\s*\\(.*")) {
        continue; // a function call
      }
      names.add(token);
    }
    return names;
  }

  /**
   * The metric names a Prometheus text exposition offers: every sample's name, and for each
   * declared family its name, with {@code _bucket}, {@code _sum} and {@code _count} for histograms
   * and summaries.
   */
  static Set<String> exported(String exposition) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ");
        names.add(parts[2]);
        if (parts.length > 3 && (parts[3].equals("histogram") || parts[3].equals("summary"))) {
          names.addAll(List.of(parts[2] + "_sum", parts[2] + "_count"));
          if (parts[3].equals("histogram")) {
            names.add(parts[2] + "_bucket");
          }
        }
      } else if (!line.isBlank() && !line.startsWith("#")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }

  private static JsonNode read(ObjectMapper mapper, Path file) {
    try {
      return mapper.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
