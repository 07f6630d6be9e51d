package dev.keel.engine.auth;

import java.security.Principal;
import java.util.List;

/**
 * An authenticated caller.
 *
 * @param name the user (or service account) name; the actor recorded for everything it does
 * @param via how it authenticated: {@code token} or {@code oidc}
 * @param grants its roles
 * @param servingModel for a serving token, the one model it may call; null otherwise
 */
public record Identity(String name, String via, List<Grant> grants, String servingModel)
    implements Principal {

  @Override
  public String getName() {
    return name;
  }

  /**
   * Whether this identity may do {@code permission} on {@code model} (null: not about one model).
   */
  public boolean may(Permission permission, String model) {
    if (servingModel != null) {
      return permission == Permission.SERVE && servingModel.equals(model);
    }
    return permission != Permission.SERVE
        && grants.stream().anyMatch(g -> g.covers(permission, model));
  }

  public List<String> roleNames() {
    return grants.stream()
        .map(
            g ->
                Grant.EVERY_MODEL.equals(g.model())
                    ? g.role().wire()
                    : g.role().wire() + "@" + g.model())
        .toList();
  }
}
