package dev.keel.engine.api;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * NUL characters (U+0000) refused at the edge: PostgreSQL cannot store them in text, so a NUL in
 * any request text that reaches the store would fail there as an internal error. Request bodies are
 * checked as JSON is read (the message names the field), path and query parameters by {@link
 * Params} (it names the parameter), and whatever still reaches PostgreSQL is recognised by {@link
 * #isNulRefusal} and answered 400.
 */
public final class NoNul {

  /** What every NUL refusal says after naming where the NUL was. */
  public static final String REASON =
      "contains a NUL character (\\u0000), which Keel does not accept in text";

  private NoNul() {}

  /** A Jackson module whose strings refuse NUL; only for reading requests. */
  public static SimpleModule jacksonModule() {
    return new SimpleModule("keel-no-nul").addDeserializer(String.class, new Strings());
  }

  /** True when {@code e} (or a cause) is PostgreSQL or its driver refusing a NUL in text. */
  public static boolean isNulRefusal(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        String message = String.valueOf(s.getMessage());
        if ("22021".equals(state) && message.contains("0x00")
            || "22P05".equals(state)
            || message.contains("Zero bytes may not occur")) {
          return true;
        }
      }
    }
    return false;
  }

  private static final class Strings extends StringDeserializer {
    @Override
    public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      String value = super.deserialize(p, ctxt);
      if (value != null && value.indexOf('\0') >= 0) {
        throw JsonMappingException.from(p, REASON);
      }
      return value;
    }
  }

  /** Refuses NUL in path and query parameters (names and values) with 400 naming the parameter. */
  @Priority(Priorities.USER)
  public static final class Params implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
      check("path parameter", request.getUriInfo().getPathParameters(true));
      check("query parameter", request.getUriInfo().getQueryParameters(true));
    }

    private static void check(String kind, MultivaluedMap<String, String> params) {
      for (Map.Entry<String, List<String>> e : params.entrySet()) {
        String name = e.getKey();
        if (name.indexOf('\0') >= 0) {
          throw ApiException.badRequest("a " + kind + " name " + REASON);
        }
        for (String value : e.getValue()) {
          if (value != null && value.indexOf('\0') >= 0) {
            throw ApiException.badRequest(kind + " '" + name + "' " + REASON);
          }
        }
      }
    }
  }
}
