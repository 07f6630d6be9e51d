package dev.keel.engine.api;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * Who asks for a change: the authenticated identity of the request ({@code
 * dev.keel.engine.auth.AuthFilter}). This is the one place resources read it from.
 */
public final class Actor {

  public static final String ANONYMOUS = "anonymous";

  private Actor() {}

  /** The authenticated caller's name; {@value #ANONYMOUS} only where no authentication ran. */
  public static String of(SecurityContext security) {
    Principal principal = security == null ? null : security.getUserPrincipal();
    return principal == null ? ANONYMOUS : principal.getName();
  }
}
