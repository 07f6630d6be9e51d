package dev.keel.engine.auth;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.glassfish.jersey.server.model.Resource;
import org.glassfish.jersey.server.model.ResourceMethod;

/**
 * Every endpoint a running engine serves, as {@code METHOD /template}, read from Jersey's resource
 * model.
 */
public final class Endpoints {

  private Endpoints() {}

  public static List<String> of(DropwizardAppExtension<?> app) {
    TreeSet<String> endpoints = new TreeSet<>();
    var config = app.getEnvironment().jersey().getResourceConfig();
    List<Class<?>> types = new ArrayList<>(config.getClasses());
    config.getInstances().forEach(i -> types.add(i.getClass()));
    for (Class<?> type : types) {
      if (!type.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
        continue;
      }
      walk(Resource.from(type), "", endpoints);
    }
    return List.copyOf(endpoints);
  }

  private static void walk(Resource resource, String prefix, TreeSet<String> out) {
    String path = join(prefix, resource.getPath());
    for (ResourceMethod method : resource.getResourceMethods()) {
      if (!"OPTIONS".equals(method.getHttpMethod())) {
        out.add(method.getHttpMethod() + " " + path);
      }
    }
    for (Resource child : resource.getChildResources()) {
      walk(child, path, out);
    }
  }

  private static String join(String prefix, String path) {
    if (path == null || path.isEmpty() || path.equals("/")) {
      return prefix.isEmpty() ? "/" : prefix;
    }
    String p = path.startsWith("/") ? path : "/" + path;
    if (p.endsWith("/") && p.length() > 1) {
      p = p.substring(0, p.length() - 1);
    }
    return prefix + p;
  }
}
