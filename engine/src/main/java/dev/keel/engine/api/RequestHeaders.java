package dev.keel.engine.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;

/**
 * Refuses, before any resource reads them, headers that describe a body Keel cannot read: a body on
 * a GET or HEAD (400: their parameters go in the query string), a Content-Type that is not a media
 * type (400) and a charset Java does not know (415, naming it).
 */
@PreMatching
public final class RequestHeaders implements ContainerRequestFilter {

  @Override
  public void filter(ContainerRequestContext request) {
    String method = request.getMethod();
    if (("GET".equals(method) || "HEAD".equals(method))
        && (request.getLength() > 0 || request.getHeaderString("Transfer-Encoding") != null)) {
      throw ApiException.badRequest(
          method
              + " requests take no body (Content-Length "
              + request.getHeaderString(HttpHeaders.CONTENT_LENGTH)
              + "); send parameters in the query string");
    }
    String given = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
    if (given == null) {
      return;
    }
    MediaType type;
    try {
      type = MediaType.valueOf(given);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "header 'Content-Type': '"
              + given
              + "' is not a media type; expected e.g. "
              + "application/json");
    }
    String charset = type.getParameters().get(MediaType.CHARSET_PARAMETER);
    if (charset != null && !supported(charset)) {
      throw new ApiException(
          415,
          "header 'Content-Type': charset '"
              + charset
              + "' is not supported; send UTF-8 "
              + "(charset=utf-8)");
    }
  }

  private static boolean supported(String charset) {
    try {
      return Charset.isSupported(charset);
    } catch (IllegalCharsetNameException e) {
      return false;
    }
  }
}
