package dev.keel.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Keel's version and the git commit it was built from (recorded in every model version's lineage).
 */
public record BuildInfo(String version, String gitCommit) {

  public static BuildInfo load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through to unknowns
    }
    String commit = known(p.getProperty("git.commit"));
    if (commit != null && "true".equals(p.getProperty("git.dirty"))) {
      commit = commit + "-dirty";
    }
    String version = known(p.getProperty("keel.version"));
    return new BuildInfo(version == null ? "unknown" : version, commit);
  }

  private static String known(String value) {
    return value == null || value.isBlank() || value.startsWith("${") ? null : value;
  }
}
