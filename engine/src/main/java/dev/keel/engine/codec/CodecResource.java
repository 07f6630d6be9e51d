package dev.keel.engine.codec;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.keel.engine.api.ApiException;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The remote codec the Temporal Web UI (and {@code temporal} CLI) call to show Keel's encrypted
 * payloads in clear to people allowed to read them: {@code POST /v1/codec/encode} and {@code POST
 * /v1/codec/decode}, with bodies {@code {"payloads": [...]}} in protobuf JSON form. Only Keel's
 * namespace is served ({@code X-Namespace}); browsers from the configured UI origins get CORS
 * headers, others none.
 */
@Path("/v1/codec")
@Produces(MediaType.APPLICATION_JSON)
public final class CodecResource {

  /** Payloads nest three levels deep; anything far deeper is not a payload list. */
  static final int MAX_NESTING = 32;

  private static final String ALLOWED_HEADERS = "Content-Type, X-Namespace, Authorization";

  private final PayloadCodec codec;
  private final String namespace;
  private final Set<String> origins;

  /**
   * @param codec the payload codec, or null when payloads are not encrypted
   */
  public CodecResource(PayloadCodec codec, String namespace, List<String> origins) {
    this.codec = codec;
    this.namespace = namespace;
    this.origins = Set.copyOf(origins);
  }

  @POST
  @Path("/encode")
  @Consumes(MediaType.WILDCARD)
  public Response encode(
      @HeaderParam("X-Namespace") String ns, @HeaderParam("Origin") String origin, String body) {
    return apply(ns, origin, body, payloads -> codec().encode(payloads));
  }

  @POST
  @Path("/decode")
  @Consumes(MediaType.WILDCARD)
  public Response decode(
      @HeaderParam("X-Namespace") String ns, @HeaderParam("Origin") String origin, String body) {
    return apply(ns, origin, body, payloads -> codec().decode(payloads));
  }

  /** CORS preflight of the Temporal Web UI. */
  @OPTIONS
  @Path("/encode")
  public Response preflightEncode(@HeaderParam("Origin") String origin) {
    return preflight(origin);
  }

  /** CORS preflight of the Temporal Web UI. */
  @OPTIONS
  @Path("/decode")
  public Response preflightDecode(@HeaderParam("Origin") String origin) {
    return preflight(origin);
  }

  private Response preflight(String origin) {
    if (origin == null || !origins.contains(origin)) {
      throw new ApiException(
          403,
          "origin '"
              + origin
              + "' may not call the codec endpoint; allowed origins are "
              + "configured in temporal.encryption.uiOrigins");
    }
    return cors(Response.ok(), origin)
        .header("Access-Control-Allow-Methods", "POST, OPTIONS")
        .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
        .header("Access-Control-Max-Age", "600")
        .build();
  }

  private Response apply(
      String ns, String origin, String body, UnaryOperator<List<Payload>> operation) {
    if (ns != null && !ns.isBlank() && !ns.equals(namespace)) {
      throw ApiException.badRequest(
          "header 'X-Namespace': '"
              + ns
              + "' is not Keel's namespace; expected '"
              + namespace
              + "'");
    }
    if (nesting(body) > MAX_NESTING) {
      throw ApiException.badRequest(
          "body: JSON nested deeper than "
              + MAX_NESTING
              + " levels; expected "
              + "{\"payloads\": [{\"metadata\": {...}, \"data\": \"<base64>\"}]}");
    }
    Payloads.Builder in = Payloads.newBuilder();
    try {
      JsonFormat.parser().merge(body == null ? "" : body, in);
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw ApiException.badRequest(
          "body: expected {\"payloads\": [{\"metadata\": {...}, \"data\": \"<base64>\"}]} "
              + "in protobuf JSON form: "
              + e.getMessage());
    }
    List<Payload> out;
    try {
      out = operation.apply(in.getPayloadsList());
    } catch (PayloadCodecException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    try {
      String json = JsonFormat.printer().print(Payloads.newBuilder().addAllPayloads(out));
      return cors(Response.ok(json, MediaType.APPLICATION_JSON_TYPE), origin).build();
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("payloads do not print as JSON", e);
    }
  }

  /**
   * The deepest nesting of arrays and objects in {@code json}, outside strings: protobuf's JSON
   * parser recurses once per level, so a deep body would exhaust the stack before it could be
   * refused.
   */
  static int nesting(String json) {
    if (json == null) {
      return 0;
    }
    int depth = 0;
    int max = 0;
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '[' || c == '{') {
        max = Math.max(max, ++depth);
      } else if (c == ']' || c == '}') {
        depth--;
      }
    }
    return max;
  }

  private PayloadCodec codec() {
    if (codec == null) {
      throw ApiException.notFound(
          "payload encryption is not configured on this engine (temporal.encryption)");
    }
    return codec;
  }

  private Response.ResponseBuilder cors(Response.ResponseBuilder response, String origin) {
    if (origin != null && origins.contains(origin)) {
      response
          .header("Access-Control-Allow-Origin", origin)
          .header("Access-Control-Allow-Credentials", "true")
          .header("Vary", "Origin");
    }
    return response;
  }
}
