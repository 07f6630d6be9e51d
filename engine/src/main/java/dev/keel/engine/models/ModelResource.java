package dev.keel.engine.models;

import dev.keel.engine.lifecycle.LifecycleService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** {@code /v1/models}: register models, list them, read one. */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public final class ModelResource {

  private final ModelService models;
  private final LifecycleService lifecycles;
  private final java.util.function.Consumer<ModelRow> onRegistered;

  public ModelResource(
      ModelService models,
      LifecycleService lifecycles,
      java.util.function.Consumer<ModelRow> onRegistered) {
    this.models = models;
    this.lifecycles = lifecycles;
    this.onRegistered = onRegistered;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(ModelDefinition definition) {
    ModelService.Created created = models.create(definition);
    ModelRow row = models.row(created.model().name());
    lifecycles.ensureLifecycle(row);
    onRegistered.accept(row);
    return Response.status(created.created() ? 201 : 200).entity(created.model()).build();
  }

  @GET
  public Map<String, List<ModelView>> list() {
    return Map.of("models", models.list());
  }

  @GET
  @Path("/{name}")
  public ModelView get(@PathParam("name") String name) {
    return models.get(name).withLifecycle(lifecycles.info(name));
  }
}
