package dev.keel.engine.api;

import java.sql.SQLException;

/**
 * Recognises a failure that means PostgreSQL cannot be used right now (it refuses connections, is
 * shutting down or starting up, or dropped the connection), as opposed to a failure of the request
 * itself. Such a request is answered 503 with a message saying to retry, and background writers
 * keep what they could not write.
 */
public final class DatabaseUnavailable {

  private DatabaseUnavailable() {}

  /**
   * Why the database cannot be used, in a few words for a user, or null when {@code e} is another
   * failure.
   */
  public static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.equals("57P01") || state.equals("57P02")) {
          return "PostgreSQL is shutting down";
        }
        if (state.equals("57P03")) {
          return "PostgreSQL is starting up";
        }
        if (state.equals("08001") || state.equals("08004")) {
          return "PostgreSQL refuses connections";
        }
        if (state.startsWith("08")) {
          return "the connection to PostgreSQL was lost";
        }
      }
      if (t.getClass().getName().equals("org.apache.tomcat.jdbc.pool.PoolExhaustedException")) {
        return "no database connection became free in time";
      }
      if (t instanceof java.net.ConnectException) {
        return "PostgreSQL refuses connections";
      }
    }
    return null;
  }

  /** Whether {@code e} means that the database cannot be used right now. */
  public static boolean is(Throwable e) {
    return reason(e) != null;
  }

  /** The message of a 503 for {@code reason}. */
  public static String message(String reason) {
    return "database unavailable: " + reason + "; retry later";
  }
}
