package dev.keel.engine.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.keel.engine.auth.Authenticator;
import dev.keel.engine.auth.Identity;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * In front of the API: serves the console's page at {@code /} and its files under {@code
 * /console/assets/}, and its sessions at {@code /console/session} (POST {@code {"token": ...}}
 * signs in, DELETE signs out). Every other path goes on to the API untouched.
 */
final class ConsoleServlet implements Filter {

  private static final String ROOT = "console/";
  private static final String SESSION = "/console/session";
  private static final int MAX_BODY = 16 * 1024;
  private static final Map<String, String> TYPES =
      Map.of(
          "js",
          "text/javascript; charset=utf-8",
          "css",
          "text/css; charset=utf-8",
          "html",
          "text/html; charset=utf-8",
          "svg",
          "image/svg+xml",
          "png",
          "image/png",
          "ico",
          "image/x-icon",
          "map",
          "application/json");

  private final ConsoleSessions sessions;
  private final Authenticator authenticator;
  private final boolean authEnabled;
  private final ObjectMapper json;

  ConsoleServlet(
      ConsoleSessions sessions,
      Authenticator authenticator,
      boolean authEnabled,
      ObjectMapper json) {
    this.sessions = sessions;
    this.authenticator = authenticator;
    this.authEnabled = authEnabled;
    this.json = json;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    String path = request.getRequestURI();
    String method = request.getMethod();
    boolean read = "GET".equals(method) || "HEAD".equals(method);
    if (SESSION.equals(path)) {
      session(request, response);
    } else if (read && ("/".equals(path) || "/console".equals(path) || "/console/".equals(path))) {
      serve("index.html", false, response);
    } else if (read && path.startsWith("/console/assets/") && !path.contains("..")) {
      serve(path.substring("/console/".length()), true, response);
    } else {
      chain.doFilter(req, res);
    }
  }

  private void serve(String name, boolean immutable, HttpServletResponse response)
      throws IOException {
    InputStream in = ConsoleServlet.class.getClassLoader().getResourceAsStream(ROOT + name);
    if (in == null) {
      String message =
          "index.html".equals(name)
              ? "the console was not built into this jar (the Maven build runs npm in engine/src/main/console)"
              : "no console file " + name;
      error(response, 404, message);
      return;
    }
    try (in) {
      String ext = name.substring(name.lastIndexOf('.') + 1);
      response.setContentType(TYPES.getOrDefault(ext, "application/octet-stream"));
      response.setHeader(
          "Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
      response.setHeader("X-Content-Type-Options", "nosniff");
      if (!immutable) {
        response.setHeader(
            "Content-Security-Policy",
            "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                + "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'");
        response.setHeader("X-Frame-Options", "DENY");
      }
      in.transferTo(response.getOutputStream());
    }
  }

  private void session(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    if (!"1".equals(request.getHeader(ConsoleAuth.HEADER))) {
      error(
          response,
          403,
          "refused: "
              + SESSION
              + " needs the "
              + ConsoleAuth.HEADER
              + " header of the console page (this looks like a cross-site request)");
      return;
    }
    switch (request.getMethod()) {
      case "POST" -> signIn(request, response);
      case "DELETE" -> {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
          for (Cookie c : cookies) {
            if (ConsoleAuth.COOKIE.equals(c.getName())) {
              sessions.close(c.getValue());
            }
          }
        }
        response.addHeader("Set-Cookie", cookie("", 0, request.isSecure()));
        response.setStatus(204);
      }
      default ->
          error(
              response,
              405,
              SESSION + " takes POST (sign in) or DELETE (sign out), not " + request.getMethod());
    }
  }

  private void signIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
    byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
    if (body.length > MAX_BODY) {
      error(response, 413, "a sign-in body is at most " + MAX_BODY + " bytes");
      return;
    }
    String token;
    try {
      JsonNode node = json.readTree(body);
      token = node == null ? null : node.path("token").asText(null);
    } catch (IOException e) {
      error(response, 400, "the sign-in body must be JSON {\"token\": \"...\"}");
      return;
    }
    if (token == null || token.isBlank()) {
      error(response, 400, "field 'token' is missing: paste your Keel API token");
      return;
    }
    token = token.strip();
    Identity identity;
    if (authEnabled) {
      try {
        identity = authenticator.authenticate("Bearer " + token);
      } catch (Authenticator.Unauthenticated e) {
        error(response, 401, e.getMessage());
        return;
      }
    } else {
      identity = dev.keel.engine.auth.AuthFilter.UNAUTHENTICATED_ADMIN;
    }
    String id = sessions.open(token);
    response.addHeader("Set-Cookie", cookie(id, sessions.lifetimeSeconds(), request.isSecure()));
    response.setStatus(200);
    response.setContentType("application/json");
    json.writeValue(
        response.getOutputStream(), Map.of("name", identity.name(), "roles", identity.roleNames()));
  }

  private static String cookie(String value, long maxAge, boolean secure) {
    return ConsoleAuth.COOKIE
        + "="
        + value
        + "; Path=/; Max-Age="
        + maxAge
        + "; HttpOnly; SameSite=Strict"
        + (secure ? "; Secure" : "");
  }

  private void error(HttpServletResponse response, int status, String message) throws IOException {
    response.setStatus(status);
    response.setContentType("application/json");
    json.writeValue(response.getOutputStream(), Map.of("code", status, "message", message));
  }
}
