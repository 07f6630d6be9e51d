package dev.keel.engine.dev;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keel dev --durable-commits} reaches the embedded server: its commits wait for the WAL
 * flush, and without the flag (on the same data directory) they do not.
 */
class EmbeddedDatabaseTest {

  @TempDir Path dir;

  private static String synchronousCommit(EmbeddedDatabase db) throws Exception {
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), "");
        ResultSet rs = c.createStatement().executeQuery("SHOW synchronous_commit")) {
      rs.next();
      return rs.getString(1);
    }
  }

  @Test
  void durableCommitsTurnSynchronousCommitOnAndTheDefaultLeavesItOff() throws Exception {
    try (EmbeddedDatabase durable = EmbeddedDatabase.start(dir.resolve("pg"), true)) {
      assertThat(synchronousCommit(durable)).isEqualTo("on");
    }
    try (EmbeddedDatabase fast = EmbeddedDatabase.start(dir.resolve("pg"), false)) {
      assertThat(synchronousCommit(fast)).isEqualTo("off");
    }
  }
}
