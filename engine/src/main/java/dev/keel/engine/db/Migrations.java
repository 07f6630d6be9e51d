package dev.keel.engine.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the numbered SQL migrations under {@code db/migration} ({@code V<n>__<description>.sql}) in order, each in
 * its own transaction (numbers may have gaps; one not yet applied is applied even when a higher one already was), under a PostgreSQL advisory lock so that engines starting together apply each once. A
 * migration that was applied and has since been edited stops start-up: its checksum no longer matches.
 */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  private static final Pattern NAME = Pattern.compile("V(\\d+)__(.+)\\.sql");
  private static final long LOCK_KEY = 0x6b65656cL; // "keel"

  private Migrations() {}

  /** A migration script found on the class path. */
  public record Script(int version, String description, String sql) {
    String checksum() {
      return dev.keel.workers.artifacts.ArtifactStore.sha256(sql.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Applies pending migrations; returns how many were applied. */
  public static int migrate(Jdbi jdbi) {
    List<Script> scripts = scripts();
    return jdbi.withHandle(handle -> {
      handle.execute("SELECT pg_advisory_lock(?)", LOCK_KEY);
      try {
        handle.execute("""
            CREATE TABLE IF NOT EXISTS keel_schema_history (
              version INT PRIMARY KEY, description TEXT NOT NULL, checksum TEXT NOT NULL,
              applied_at TIMESTAMPTZ NOT NULL DEFAULT now())""");
        Map<Integer, String> applied = handle.createQuery("SELECT version, checksum FROM keel_schema_history")
            .setMapKeyColumn("version").setMapValueColumn("checksum")
            .collectInto(new org.jdbi.v3.core.generic.GenericType<Map<Integer, String>>() {});
        int count = 0;
        for (Script script : scripts) {
          String known = applied.get(script.version());
          if (known != null) {
            if (!known.equals(script.checksum())) {
              throw new IllegalStateException("migration V" + script.version() + " (" + script.description()
                  + ") was changed after it was applied; add a new migration instead");
            }
            continue;
          }
          handle.useTransaction(tx -> {
            tx.createScript(script.sql()).execute();
            tx.execute("INSERT INTO keel_schema_history (version, description, checksum) VALUES (?, ?, ?)",
                script.version(), script.description(), script.checksum());
          });
          LOG.info("applied migration V{} {}", script.version(), script.description());
          count++;
        }
        return count;
      } finally {
        handle.execute("SELECT pg_advisory_unlock(?)", LOCK_KEY);
      }
    });
  }

  /** The migrations on the class path, by version. */
  public static List<Script> scripts() {
    URL url = Migrations.class.getClassLoader().getResource("db/migration");
    if (url == null) {
      throw new IllegalStateException("no db/migration directory on the class path");
    }
    try {
      if ("jar".equals(url.getProtocol())) {
        try (FileSystem fs = FileSystems.newFileSystem(url.toURI(), Map.of())) {
          return read(fs.getPath("/db/migration"));
        }
      }
      return read(Path.of(url.toURI()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Script> read(Path dir) throws IOException {
    List<Script> scripts = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Matcher m = NAME.matcher(file.getFileName().toString());
        if (m.matches()) {
          try (InputStream in = Files.newInputStream(file)) {
            scripts.add(new Script(Integer.parseInt(m.group(1)), m.group(2).replace('_', ' '),
                new String(in.readAllBytes(), StandardCharsets.UTF_8)));
          }
        }
      }
    }
    scripts.sort(java.util.Comparator.comparingInt(Script::version));
    // numbers are reserved per branch of work, so gaps are allowed; a number used twice is not
    for (int i = 1; i < scripts.size(); i++) {
      if (scripts.get(i).version() == scripts.get(i - 1).version()) {
        throw new IllegalStateException("migration number V" + scripts.get(i).version() + " is used twice: "
            + scripts.get(i - 1).description() + ", " + scripts.get(i).description());
      }
    }
    return scripts;
  }
}
