package dev.keel.engine.api;

import jakarta.ws.rs.container.ContainerRequestContext;
import org.glassfish.jersey.server.ExtendedUriInfo;

/** The URI template a request matched, e.g. {@code /v1/models/{name}/runs}. */
public final class Routes {

  private Routes() {}

  /** The matched template with a leading slash; the plain path when nothing matched (yet). */
  public static String template(ContainerRequestContext request) {
    if (request.getUriInfo() instanceof ExtendedUriInfo info
        && !info.getMatchedTemplates().isEmpty()) {
      StringBuilder template = new StringBuilder();
      for (int i = info.getMatchedTemplates().size() - 1; i >= 0; i--) {
        String t = info.getMatchedTemplates().get(i).getTemplate();
        if (!t.startsWith("/")
            && (template.length() == 0 || template.charAt(template.length() - 1) != '/')) {
          template.append('/');
        }
        template.append(t);
      }
      return template.toString();
    }
    String path = request.getUriInfo().getPath();
    return path.startsWith("/") ? path : "/" + path;
  }
}
