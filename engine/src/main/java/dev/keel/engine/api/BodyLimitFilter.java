package dev.keel.engine.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies larger than their limit with 413: CSV uploads up to the dataset limit, anything else (JSON)
 * up to a small one. A declared Content-Length is checked up front; a chunked body is counted as it is read.
 */
@PreMatching
public final class BodyLimitFilter implements ContainerRequestFilter {

  private final long csvLimit;
  private final long jsonLimit;

  public BodyLimitFilter(long csvLimit, long jsonLimit) {
    this.csvLimit = csvLimit;
    this.jsonLimit = jsonLimit;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    MediaType type = request.getMediaType();
    boolean csv = type != null && "csv".equalsIgnoreCase(type.getSubtype());
    long limit = csv ? csvLimit : jsonLimit;
    String what = csv ? "CSV body" : "request body";
    if (request.getLength() > limit) {
      throw ApiException.tooLarge(what + " of " + request.getLength() + " bytes is larger than the limit of "
          + limit + " bytes");
    }
    if (request.hasEntity()) {
      request.setEntityStream(new Limited(request.getEntityStream(), limit, what));
    }
  }

  /** Counts bytes as they are read and fails with 413 past the limit. */
  public static final class Limited extends FilterInputStream {
    private final long limit;
    private final String what;
    private long count;

    public Limited(InputStream in, long limit, String what) {
      super(in);
      this.limit = limit;
      this.what = what;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = super.read(buf, off, len);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    private void count(int n) {
      count += n;
      if (count > limit) {
        throw ApiException.tooLarge(what + " is larger than the limit of " + limit + " bytes");
      }
    }
  }
}
