package dev.keel.engine.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** Raw HTTP/1.1 over a socket, for requests {@link java.net.http.HttpClient} refuses to send. */
final class Raw {

  private Raw() {}

  /**
   * Sends {@code request} as ISO-8859-1 bytes and returns the whole answer as text (the server
   * closes).
   */
  static String send(int port, String request) {
    return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
  }

  static String send(int port, byte[] request) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      try {
        socket.getOutputStream().write(request);
        socket.getOutputStream().flush();
        socket.shutdownOutput();
      } catch (IOException refusedEarly) {
        // the server answered (e.g. 413) and closed before the whole body was sent: read its answer
      }
      java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      try {
        for (int n; (n = socket.getInputStream().read(buffer)) > 0; ) {
          answer.write(buffer, 0, n);
        }
      } catch (java.net.SocketException reset) {
        // a reset after the answer: keep what arrived
      }
      return answer.toString(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The status code of a raw answer, or -1 when there is none. */
  static int status(String answer) {
    if (!answer.startsWith("HTTP/1.1 ") || answer.length() < 12) {
      return -1;
    }
    return Integer.parseInt(answer.substring(9, 12));
  }

  /** The body of a raw answer as sent (after the blank line). */
  static String body(String answer) {
    int at = answer.indexOf("\r\n\r\n");
    return at < 0 ? "" : answer.substring(at + 4);
  }

  /** The body of a raw answer, de-chunked when it came with {@code Transfer-Encoding: chunked}. */
  static String decodedBody(String answer) {
    int at = answer.indexOf("\r\n\r\n");
    if (at < 0) {
      return "";
    }
    String body = answer.substring(at + 4);
    if (!answer
        .substring(0, at)
        .toLowerCase(java.util.Locale.ROOT)
        .contains("transfer-encoding: chunked")) {
      return body;
    }
    StringBuilder out = new StringBuilder();
    int pos = 0;
    while (pos < body.length()) {
      int eol = body.indexOf("\r\n", pos);
      if (eol < 0) {
        break;
      }
      String sizeText = body.substring(pos, eol).trim();
      int semicolon = sizeText.indexOf(';');
      int size = Integer.parseInt(semicolon < 0 ? sizeText : sizeText.substring(0, semicolon), 16);
      if (size == 0) {
        break;
      }
      // sizes count bytes; the answer was read as UTF-8, so count characters by their UTF-8 length
      int start = eol + 2;
      int end = start;
      int bytes = 0;
      while (end < body.length() && bytes < size) {
        bytes += String.valueOf(body.charAt(end)).getBytes(StandardCharsets.UTF_8).length;
        end++;
      }
      out.append(body, start, end);
      pos = end + 2;
    }
    return out.toString();
  }
}
