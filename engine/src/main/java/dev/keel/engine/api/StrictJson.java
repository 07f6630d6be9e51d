package dev.keel.engine.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.AnnotationIntrospector;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotationIntrospectorPair;
import com.fasterxml.jackson.databind.introspect.NopAnnotationIntrospector;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PushbackInputStream;

/**
 * Strict reading of Keel's own {@code /v1} request bodies: a field the body's type does not have is
 * an error (400, see {@link UnknownFields}), at every nesting level, also in records that tolerate
 * unknown fields elsewhere (those that cross Temporal carry
 * {@code @JsonIgnoreProperties(ignoreUnknown = true)} so that old histories keep reading).
 *
 * <p>Only requests are strict. What Keel stored (definitions in PostgreSQL, records in Temporal
 * histories) is read with the lenient mapper it came from, and MLflow's API ({@code
 * /api/2.0/mlflow…}) stays lenient because MLflow clients send fields Keel does not know. Neither
 * reads a NUL in a string ({@link NoNul}).
 */
public final class StrictJson {

  private final ObjectMapper mapper;
  private final ObjectMapper mlflow;

  /**
   * A strict copy of {@code lenient}, which stays as it is. Both request mappers (strict for {@code
   * /v1}, lenient for MLflow's API) refuse NUL in text ({@link NoNul}).
   */
  public StrictJson(ObjectMapper lenient) {
    ObjectMapper strict =
        lenient
            .copy()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .registerModule(NoNul.jacksonModule());
    strict.setAnnotationIntrospector(
        new NoIgnoreUnknown(strict.getDeserializationConfig().getAnnotationIntrospector()));
    this.mapper = strict;
    this.mlflow = lenient.copy().registerModule(NoNul.jacksonModule());
  }

  /** Reads a request body that a resource receives as text. */
  public <T> T read(String text, Class<T> type) throws JsonProcessingException {
    return mapper.readValue(text, type);
  }

  /**
   * Binds strict reading to every resource method under {@code /v1}, and lenient reading that still
   * refuses NUL to MLflow's; register it with Jersey.
   */
  public DynamicFeature feature() {
    return new Binding(new Reader(mapper), new Reader(mlflow));
  }

  static boolean underMlflow(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return p.startsWith("api/2.0/mlflow");
  }

  static boolean underV1(String path) {
    String p = path.startsWith("/") ? path.substring(1) : path;
    return p.equals("v1") || p.startsWith("v1/");
  }

  private static final class Binding implements DynamicFeature {
    private final ReaderInterceptor reader;
    private final ReaderInterceptor mlflow;

    Binding(ReaderInterceptor reader, ReaderInterceptor mlflow) {
      this.reader = reader;
      this.mlflow = mlflow;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
      Class<?> type = resource.getResourceClass();
      Path path = type == null ? null : type.getAnnotation(Path.class);
      if (path != null && underV1(path.value())) {
        context.register(reader);
      } else if (path != null && underMlflow(path.value())) {
        context.register(mlflow);
      }
    }
  }

  /**
   * Reads JSON bodies bound to Keel's own types with the strict mapper; everything else as before.
   */
  private static final class Reader implements ReaderInterceptor {
    private final ObjectMapper mapper;

    Reader(ObjectMapper mapper) {
      this.mapper = mapper;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
      if (!json(context.getMediaType()) || !bean(context.getType())) {
        return context.proceed();
      }
      PushbackInputStream in = new PushbackInputStream(context.getInputStream());
      int first = in.read();
      if (first == -1) { // no body: as the default reader answers it
        context.setInputStream(new ByteArrayInputStream(new byte[0]));
        return context.proceed();
      }
      in.unread(first);
      return mapper.readerFor(mapper.constructType(context.getGenericType())).readValue(in);
    }

    private static boolean json(MediaType type) {
      return type == null
          || type.getSubtype().equals("json")
          || type.getSubtype().endsWith("+json");
    }

    /**
     * A type Jackson binds field by field (not text, bytes, a stream, a JDK collection or a JSON
     * tree).
     */
    private static boolean bean(Class<?> type) {
      return !type.isPrimitive()
          && !type.isArray()
          && !type.getName().startsWith("java.")
          && !JsonNode.class.isAssignableFrom(type);
    }
  }

  /**
   * Drops {@code ignoreUnknown} from {@code @JsonIgnoreProperties}; explicitly ignored names stay
   * ignored.
   */
  private static final class NoIgnoreUnknown extends AnnotationIntrospectorPair {
    NoIgnoreUnknown(AnnotationIntrospector delegate) {
      super(delegate, NopAnnotationIntrospector.instance);
    }

    @Override
    public JsonIgnoreProperties.Value findPropertyIgnoralByName(
        MapperConfig<?> config, Annotated a) {
      JsonIgnoreProperties.Value v = super.findPropertyIgnoralByName(config, a);
      return v == null ? null : v.withoutIgnoreUnknown();
    }
  }
}
