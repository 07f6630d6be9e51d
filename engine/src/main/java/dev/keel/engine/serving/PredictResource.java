package dev.keel.engine.serving;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code POST /v1/models/{name}/predict}: predictions from the deployed version. */
@Path("/v1/models/{name}/predict")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class PredictResource {

  private final Predictor predictor;

  public PredictResource(Predictor predictor) {
    this.predictor = predictor;
  }

  @POST
  public PredictResponse predict(@PathParam("name") String name, PredictRequest request) {
    return predictor.predict(name, request);
  }
}
