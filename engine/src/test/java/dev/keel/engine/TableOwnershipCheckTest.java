package dev.keel.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One owner per table: SQL lives only in the SqlObject DAOs ({@code *Dao.java}) of the package that
 * owns the table, and every other class calls that package. Fails, naming each file and line, when
 * the main sources of any module build statements by hand ({@code createQuery}, {@code
 * createUpdate}, {@code createBatch}, {@code .execute("…")}), carry SqlObject statement
 * annotations, or hold SQL text (a string literal that starts with {@code SELECT}, {@code INSERT
 * INTO}, {@code UPDATE … SET}, {@code DELETE FROM} or a {@code WITH … AS (} query) outside a DAO.
 * Comments are not scanned.
 */
class TableOwnershipCheckTest {

  /** Hand-built statements and SqlObject statement annotations, in code (comments masked). */
  static final Pattern STATEMENT =
      Pattern.compile(
          "\\bcreate(Query|Update|Batch)\\s*\\(|\\.execute\\s*\\(\\s*\"|@Sql(Query|Update|Batch|Call)\\b");

  /** A string literal (or text block) that is SQL, judged by how it starts. */
  static final Pattern SQL_TEXT =
      Pattern.compile(
          "^(select(\\s|$)|insert\\s+into\\s|update\\s+[a-z_][\\w.]*\\s+set\\s|delete\\s+from\\s"
              + "|with\\s+(recursive\\s+)?[a-z_]\\w*(\\s*\\([^)]*\\))?\\s+as\\s*\\()",
          Pattern.CASE_INSENSITIVE);

  /** Files allowed SQL outside a DAO for good, each with the reason. */
  static final Map<String, String> EXEMPT =
      Map.of(
          "engine/src/main/java/dev/keel/engine/bench/",
          "the benchmarks measure a floor with raw SQL on purpose, to compare the DAOs against",
          "engine/src/main/java/dev/keel/engine/db/Migrations.java",
          "the migration runner executes the migration scripts and its history table (until Flyway replaces it)");

  /** The repository root: surefire runs in the engine module's directory. */
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void sqlLivesOnlyInTheOwningPackagesDaos() throws IOException {
    List<String> violations = new ArrayList<>();
    findings()
        .forEach(
            (file, lines) -> {
              if (exemption(file) == null) {
                lines.forEach(l -> violations.add(file + ":" + l));
              }
            });
    assertThat(violations)
        .as(
            "SQL outside a *Dao.java: move it into a SqlObject DAO of the package that owns the table (models, "
                + "runs, serving, datasets, lifecycle, lineage, erasure, retention, mlflow tracking_*, auth, audit) "
                + "and call that package")
        .isEmpty();
  }

  @Test
  void theScanSeesTheDaosAndTheExemptions() throws IOException {
    // the check would pass vacuously if it scanned the wrong directory or missed SQL: it must find
    // the DAOs' SQL
    Map<String, List<String>> all = new TreeMap<>();
    for (Path file : mainSources()) {
      List<String> found = scan(Files.readString(file));
      if (!found.isEmpty()) {
        all.put(relative(file), found);
      }
    }
    assertThat(all.keySet())
        .contains(
            "engine/src/main/java/dev/keel/engine/models/ModelDao.java",
            "engine/src/main/java/dev/keel/engine/serving/DeploymentDao.java",
            "engine/src/main/java/dev/keel/engine/datasets/DatasetDao.java",
            "engine/src/main/java/dev/keel/engine/db/Migrations.java");
    assertThat(all.keySet())
        .anyMatch(f -> f.startsWith("engine/src/main/java/dev/keel/engine/bench/"));
    for (String exempt : EXEMPT.keySet()) {
      assertThat(ROOT.resolve(exempt)).as("exempted, so it must exist").exists();
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
      String q = "SELECT id FROM models";                                  | 1
      String q = "select count(*) " + "FROM runs";                         | 1
      String q = "INSERT INTO runs (id) VALUES (:id)";                     | 1
      String q = "update model_versions set status = :s";                  | 1
      String q = "DELETE FROM prediction_log WHERE id = :id";              | 1
      String q = "WITH recent AS (SELECT 1) SELECT * FROM recent";         | 1
      h.createQuery(sql).mapTo(String.class);                              | 1
      h.createUpdate(sql).execute();                                       | 1
      h.createBatch();                                                     | 1
      h.execute("VACUUM");                                                 | 1
      @SqlQuery(COLUMNS) List<Row> list();                                 | 1
      // h.createQuery("SELECT 1") in a comment                            | 0
      /* SELECT id FROM models */ int x = 1;                               | 0
      String m = "selected version 3 is not served";                       | 0
      String m = "update the model first";                                 | 0
      String m = "with a canary share of 0.1";                             | 0
      char c = '"'; String m = "fine";                                     | 0
      String m = "a \\" quote"; String n = "SELECT 1";                     | 1
      """)
  void findsStatementsAndSqlTextButNotProseOrComments(String line, int expected) {
    assertThat(scan(line)).hasSize(expected);
  }

  @Test
  void findsSqlInTextBlocksAtTheLineItStarts() {
    String source =
        "class A {\n  String q = \"\"\"\n      SELECT *\n      FROM audit_log\"\"\";\n}\n";
    assertThat(scan(source)).singleElement().asString().startsWith("3: ");
  }

  /** Relative path → findings ("line: text") of every scanned main source file that has any. */
  static Map<String, List<String>> findings() throws IOException {
    Map<String, List<String>> byFile = new TreeMap<>();
    for (Path file : mainSources()) {
      String rel = relative(file);
      if (rel.endsWith("Dao.java")) {
        continue;
      }
      List<String> found = scan(Files.readString(file));
      if (!found.isEmpty()) {
        byFile.put(rel, found);
      }
    }
    return byFile;
  }

  static String exemption(String file) {
    return EXEMPT.entrySet().stream()
        .filter(e -> file.startsWith(e.getKey()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  /** Every {@code .java} file under {@code <module>/src/main} of every module. */
  static List<Path> mainSources() throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path main :
          modules.map(m -> m.resolve("src/main")).filter(Files::isDirectory).toList()) {
        try (Stream<Path> walk = Files.walk(main)) {
          walk.filter(f -> f.toString().endsWith(".java")).sorted().forEach(files::add);
        }
      }
    }
    assertThat(files).as("main sources under " + ROOT).hasSizeGreaterThan(100);
    return files;
  }

  static String relative(Path file) {
    return ROOT.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  /**
   * The findings in one source text, as {@code "<line>: <what>"}: hand-built statements and
   * SqlObject annotations found in code, and string literals that are SQL. Comments, and the
   * contents of literals, are not code.
   */
  static List<String> scan(String source) {
    int n = source.length();
    char[] code = source.toCharArray(); // the source with comments and literal contents blanked out
    TreeMap<Integer, List<String>> found = new TreeMap<>();
    int[] starts = lineStarts(source);
    int i = 0;
    while (i < n) {
      if (source.startsWith("//", i)) {
        int end = source.indexOf('\n', i);
        end = end < 0 ? n : end;
        blank(code, i, end);
        i = end;
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        blank(code, i, end);
        i = end;
      } else if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        end = end < 0 ? n : end;
        String text = source.substring(i + 3, end);
        sqlText(
            text, lineAt(starts, i + 3 + (text.length() - text.stripLeading().length())), found);
        blank(code, i + 3, end);
        i = Math.min(n, end + 3);
      } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
        char quote = source.charAt(i);
        StringBuilder text = new StringBuilder();
        int k = i + 1;
        while (k < n && source.charAt(k) != quote && source.charAt(k) != '\n') {
          if (source.charAt(k) == '\\' && k + 1 < n) {
            text.append(source.charAt(k + 1));
            k += 2;
          } else {
            text.append(source.charAt(k++));
          }
        }
        if (quote == '"') {
          sqlText(text.toString(), lineAt(starts, i), found);
        }
        blank(code, i + 1, Math.min(k, n));
        i = k < n && source.charAt(k) == quote ? k + 1 : k;
      } else {
        i++;
      }
    }
    String[] lines = new String(code).split("\n", -1);
    String[] original = source.split("\n", -1);
    for (int l = 0; l < lines.length; l++) {
      if (STATEMENT.matcher(lines[l]).find()) {
        found.computeIfAbsent(l + 1, k -> new ArrayList<>()).add(original[l].strip());
      }
    }
    List<String> result = new ArrayList<>();
    found.forEach((line, what) -> what.forEach(w -> result.add(line + ": " + w)));
    return result;
  }

  private static void sqlText(String text, int line, Map<Integer, List<String>> found) {
    String start = text.strip();
    if (SQL_TEXT.matcher(start).find()) {
      found
          .computeIfAbsent(line, k -> new ArrayList<>())
          .add("\"" + start.lines().findFirst().orElse("") + "\"");
    }
  }

  private static void blank(char[] code, int from, int to) {
    for (int k = from; k < to; k++) {
      if (code[k] != '\n') {
        code[k] = ' ';
      }
    }
  }

  private static int[] lineStarts(String source) {
    List<Integer> starts = new ArrayList<>(List.of(0));
    for (int k = 0; k < source.length(); k++) {
      if (source.charAt(k) == '\n') {
        starts.add(k + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The 1-based line of a position. */
  private static int lineAt(int[] starts, int position) {
    int at = Arrays.binarySearch(starts, position);
    return at >= 0 ? at + 1 : -at - 1;
  }

  static {
    if (!Files.isDirectory(ROOT.resolve("engine"))) {
      throw new UncheckedIOException(
          new IOException("run from the engine module: no engine/ under " + ROOT));
    }
  }
}
