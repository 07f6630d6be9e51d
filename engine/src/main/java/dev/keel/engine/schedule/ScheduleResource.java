package dev.keel.engine.schedule;

import dev.keel.engine.api.Actor;
import dev.keel.workflows.schedule.ScheduleSpec;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

/**
 * {@code /v1/models/{name}/schedule}: read, set, pause, resume, fire now and remove a model's
 * retraining schedule.
 */
@Path("/v1/models/{name}/schedule")
@Produces(MediaType.APPLICATION_JSON)
public final class ScheduleResource {

  private final ScheduleService schedules;

  public ScheduleResource(ScheduleService schedules) {
    this.schedules = schedules;
  }

  @GET
  public ScheduleService.ScheduleInfo get(@PathParam("name") String model) {
    return schedules.info(model);
  }

  /** 201 with the schedule when the model had none, else 200. */
  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  public Response put(
      @PathParam("name") String model, @Context SecurityContext security, ScheduleSpec body) {
    boolean created = schedules.put(model, body, Actor.of(security));
    return Response.status(created ? 201 : 200).entity(schedules.info(model)).build();
  }

  @POST
  @Path("/pause")
  public ScheduleService.ScheduleInfo pause(
      @PathParam("name") String model, @Context SecurityContext security) {
    return schedules.pause(model, Actor.of(security));
  }

  @POST
  @Path("/resume")
  public ScheduleService.ScheduleInfo resume(
      @PathParam("name") String model, @Context SecurityContext security) {
    return schedules.resume(model, Actor.of(security));
  }

  /** 202: the firing goes to the lifecycle, which starts, buffers or skips a run. */
  @POST
  @Path("/trigger")
  public Response trigger(@PathParam("name") String model, @Context SecurityContext security) {
    return Response.accepted(schedules.trigger(model, Actor.of(security))).build();
  }

  @DELETE
  public Response delete(@PathParam("name") String model, @Context SecurityContext security) {
    schedules.delete(model, Actor.of(security));
    return Response.noContent().build();
  }
}
