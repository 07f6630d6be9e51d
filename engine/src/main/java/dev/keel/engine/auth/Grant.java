package dev.keel.engine.auth;

/** A role held globally ({@code model} is {@value #EVERY_MODEL}) or on one model. */
public record Grant(Role role, String model) {

  public static final String EVERY_MODEL = "*";

  public boolean covers(Permission permission, String targetModel) {
    return role.permits(permission) && (EVERY_MODEL.equals(model) || model.equals(targetModel));
  }
}
