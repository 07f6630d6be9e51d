package dev.keel.engine.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Jetty's error page for what Jetty refuses before Keel sees it (a bad URI, an illegal header
 * character, a URI too long), as JSON in the API's shape instead of Jetty's HTML: {@code {"code",
 * "message"}}, MLflow's {@code {"error_code", "message"}} under its prefix and the Open Inference
 * Protocol's {@code {"error"}} under {@code /v2} (all of them when Jetty could not read the path),
 * whatever the client accepts. This one serves the server (both connectors); {@link Servlet} serves
 * the application and admin servlet contexts. Messages are Jetty's reason, never a stack or an
 * exception class.
 */
public final class JsonErrorHandler extends ErrorHandler {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MLFLOW = "/api/2.0/mlflow";
  private static final String V2 = "/v2";

  public JsonErrorHandler() {
    setShowStacks(false);
    setShowCauses(false);
  }

  /**
   * Replaces the server's error handler as the server starts (Dropwizard sets its own when it
   * builds it).
   */
  public static LifeCycle.Listener installer() {
    return new LifeCycle.Listener() {
      @Override
      public void lifeCycleStarting(LifeCycle event) {
        if (event instanceof Server server) {
          server.setErrorHandler(new JsonErrorHandler());
        }
      }
    };
  }

  /** Every method gets a body (Jetty writes none for PUT, PATCH and DELETE). */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback)
      throws IOException {
    generateAcceptableResponse(
        request,
        response,
        callback,
        "application/json",
        List.of(StandardCharsets.UTF_8),
        code,
        message,
        cause);
  }

  @Override
  protected boolean generateAcceptableResponse(
      Request request,
      Response response,
      Callback callback,
      String contentType,
      List<Charset> charsets,
      int code,
      String message,
      Throwable cause) {
    writeJson(request, response, callback, code, message);
    return true;
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    return ByteBuffer.wrap(body(null, status, reason).getBytes(StandardCharsets.UTF_8));
  }

  /** The same JSON errors inside a servlet context. */
  public static final class Servlet extends org.eclipse.jetty.ee10.servlet.ErrorHandler {
    public Servlet() {
      setShowStacks(false);
      setShowCauses(false);
    }

    @Override
    public boolean errorPageForMethod(String method) {
      return true;
    }

    @Override
    protected void generateResponse(
        Request request,
        Response response,
        int code,
        String message,
        Throwable cause,
        Callback callback)
        throws IOException {
      generateAcceptableResponse(
          request,
          response,
          callback,
          "application/json",
          List.of(StandardCharsets.UTF_8),
          code,
          message,
          cause);
    }

    @Override
    protected boolean generateAcceptableResponse(
        Request request,
        Response response,
        Callback callback,
        String contentType,
        List<Charset> charsets,
        int code,
        String message,
        Throwable cause) {
      writeJson(request, response, callback, code, message);
      ServletContextRequest servlet = Request.as(request, ServletContextRequest.class);
      if (servlet != null) { // as Jetty's servlet error handler completes an error it wrote
        servlet.getServletChannel().sendErrorResponseAndComplete();
      }
      return true;
    }
  }

  private static void writeJson(
      Request request, Response response, Callback callback, int code, String message) {
    String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(
        true,
        ByteBuffer.wrap(body(path, code, message).getBytes(StandardCharsets.UTF_8)),
        callback);
  }

  static String body(String path, int code, String reason) {
    Map<String, Object> body = new LinkedHashMap<>();
    // a request Jetty could not parse has no path ("/badMessage"): answer in both shapes, MLflow's
    // and Keel's
    boolean unknown = path == null || path.equals("/badMessage");
    boolean v2 = !unknown && (path.equals(V2) || path.startsWith(V2 + "/"));
    if (v2) { // the Open Inference Protocol's shape
      body.put("error", message(code, reason));
      return write(body);
    }
    if (unknown || !path.startsWith(MLFLOW)) {
      body.put("code", code);
    }
    if (unknown || path.startsWith(MLFLOW)) {
      body.put(
          "error_code",
          code == 404
              ? "ENDPOINT_NOT_FOUND"
              : code >= 500
                  ? "INTERNAL_ERROR"
                  : code == 400 || code == 413 || code == 414 || code == 431
                      ? "INVALID_PARAMETER_VALUE"
                      : "BAD_REQUEST");
    }
    body.put("message", message(code, reason));
    if (unknown) {
      body.put("error", message(code, reason));
    }
    return write(body);
  }

  private static String write(Map<String, Object> body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String message(int code, String reason) {
    if (code >= 500) {
      return "internal error (see the engine's log)";
    }
    String status = HttpStatus.getMessage(code);
    String why = reason == null || reason.isBlank() || reason.equals(status) ? null : reason;
    String base =
        switch (code) {
          case 400 ->
              "the request is malformed and was refused before it reached Keel (check the URI's %-escapes, "
                  + "which may not encode NUL or '/', and the headers' characters)";
          case 414 ->
              "the URI is too long; send long values in a JSON body where the API takes one";
          case 431 -> "the request headers are too large";
          default -> status == null ? "the request was refused" : status;
        };
    return why == null ? base : base + ": " + why;
  }
}
