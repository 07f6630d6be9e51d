package dev.keel.engine.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.MediaType;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies larger than their limit with 413: MLflow artifact uploads (under {@value
 * #ARTIFACTS}) up to the artifact limit, CSV uploads up to the dataset limit, anything else (JSON)
 * up to a small one. A declared Content-Length is checked up front; a chunked body is counted as it
 * is read.
 */
@PreMatching
public final class BodyLimitFilter implements ContainerRequestFilter {

  /** The path (as Jersey reports it, without the leading slash) of MLflow's artifact proxy. */
  public static final String ARTIFACTS = "api/2.0/mlflow-artifacts/";

  private final long csvLimit;
  private final long jsonLimit;
  private final long artifactLimit;

  public BodyLimitFilter(long csvLimit, long jsonLimit) {
    this(csvLimit, jsonLimit, jsonLimit);
  }

  public BodyLimitFilter(long csvLimit, long jsonLimit, long artifactLimit) {
    this.csvLimit = csvLimit;
    this.jsonLimit = jsonLimit;
    this.artifactLimit = artifactLimit;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    boolean artifact = (path.startsWith("/") ? path.substring(1) : path).startsWith(ARTIFACTS);
    MediaType type = request.getMediaType();
    boolean csv = !artifact && type != null && "csv".equalsIgnoreCase(type.getSubtype());
    long limit = artifact ? artifactLimit : csv ? csvLimit : jsonLimit;
    String what = artifact ? "artifact" : csv ? "CSV body" : "request body";
    if (request.getLength() > limit) {
      throw ApiException.tooLarge(
          what
              + " of "
              + request.getLength()
              + " bytes is larger than the limit of "
              + limit
              + " bytes");
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
