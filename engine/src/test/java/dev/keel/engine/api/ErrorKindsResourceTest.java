package dev.keel.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.keel.engine.Http;
import dev.keel.engine.errors.DomainException;
import dev.keel.engine.errors.Kind;
import dev.keel.engine.mlflow.MlflowErrors;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.server.AbstractServerFactory;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each kind of refusal over HTTP, as a client sees it, on a bare Dropwizard server with only Keel's
 * error mappers, the MLflow error shape and a resource that throws the kind it is asked for (no
 * database, no Temporal, no Keel app): status, JSON body and headers on Keel's API, and MLflow's
 * code under its prefix.
 *
 * <p>Dropwizard's {@code ResourceExtension} would serve the resource in memory only (no other
 * Jersey test container is on the class path), so this boots a two-line {@link Application} over
 * real HTTP on loopback instead.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class ErrorKindsResourceTest {

  static final DropwizardAppExtension<Configuration> SERVER =
      new DropwizardAppExtension<>(
          Bare.class, ResourceHelpers.resourceFilePath("error-kinds-test.yml"));

  final Http http = new Http("http://127.0.0.1:" + SERVER.getLocalPort());

  /**
   * Keel's error mappers and MLflow's shape, as the engine registers them, and {@link Refusals}.
   */
  public static final class Bare extends Application<Configuration> {
    @Override
    public void run(Configuration config, Environment env) {
      ((AbstractServerFactory) config.getServerFactory()).setRegisterDefaultExceptionMappers(false);
      ErrorMappers.register(env.jersey().getResourceConfig());
      env.jersey().register(new MlflowErrors.Mapper());
      env.jersey().register(new MlflowErrors.Shape());
      env.jersey().register(new Refusals());
    }
  }

  /** Throws the kind named in the path, on Keel's API and under MLflow's prefix. */
  @Path("/")
  @Produces(MediaType.APPLICATION_JSON)
  public static final class Refusals {
    @GET
    @Path("v1/refusals/{kind}")
    public String keel(@PathParam("kind") String kind) {
      throw DomainException.of(
          Kind.valueOf(kind), "refused as " + kind + " (a java.lang.Long was wrong)");
    }

    @GET
    @Path(MlflowErrors.PREFIX + "/refusals/{kind}")
    public String mlflow(@PathParam("kind") String kind) {
      throw DomainException.of(Kind.valueOf(kind), "refused as " + kind);
    }
  }

  @ParameterizedTest(name = "{0} is HTTP {1}, MLflow {2}")
  @CsvSource({
    "NOT_FOUND,     404, RESOURCE_DOES_NOT_EXIST, ",
    "CONFLICT,      409, RESOURCE_ALREADY_EXISTS, ",
    "INVALID_INPUT, 400, INVALID_PARAMETER_VALUE, ",
    "UNAVAILABLE,   503, TEMPORARILY_UNAVAILABLE, 5",
    "GONE,          410, RESOURCE_DOES_NOT_EXIST, ",
    "FORBIDDEN,     403, PERMISSION_DENIED, ",
    "TOO_LARGE,     413, INVALID_PARAMETER_VALUE, ",
  })
  void eachKindHasItsStatusBodyAndHeaders(
      Kind kind, int status, String mlflowCode, String retryAfter) {
    Http.Response keel = http.get("/v1/refusals/" + kind);
    assertThat(keel.status()).isEqualTo(status);
    assertThat(keel.header("Content-Type")).startsWith("application/json");
    assertThat(keel.header("Retry-After")).isEqualTo(retryAfter);
    // exactly Keel's error body: the status and the message, class names shortened; the kind stays
    // inside
    assertThat(keel.json().path("code").asInt()).isEqualTo(status);
    assertThat(keel.message()).isEqualTo("refused as " + kind + " (a Long was wrong)");
    assertThat(fields(keel)).containsExactlyInAnyOrder("code", "message");

    Http.Response mlflow = http.get("/" + MlflowErrors.PREFIX + "/refusals/" + kind);
    assertThat(mlflow.status()).isEqualTo(status);
    assertThat(mlflow.json().path("error_code").asText()).isEqualTo(mlflowCode);
    assertThat(mlflow.message()).isEqualTo("refused as " + kind);
    assertThat(fields(mlflow)).containsExactlyInAnyOrder("error_code", "message");
  }

  @Test
  void everyKindIsInTheTable() {
    // the table above names each kind once: a new kind must be given its status and MLflow code
    // there
    assertThat(Kind.values()).hasSize(7);
  }

  @Test
  void anUnknownEndpointUnderMlflowsPrefixIsStillEndpointNotFound() {
    Http.Response missing = http.get("/" + MlflowErrors.PREFIX + "/no-such/endpoint");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("error_code").asText()).isEqualTo("ENDPOINT_NOT_FOUND");
  }

  private static List<String> fields(Http.Response response) {
    List<String> names = new java.util.ArrayList<>();
    response.json().fieldNames().forEachRemaining(names::add);
    return names;
  }
}
