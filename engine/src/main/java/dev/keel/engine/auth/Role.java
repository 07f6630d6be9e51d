package dev.keel.engine.auth;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Keel's roles and what each may do. No role implies another: separation of duties is by identity
 * and by role.
 */
public enum Role {
  VIEWER("viewer", EnumSet.of(Permission.READ)),
  DATA_SCIENTIST(
      "data-scientist",
      EnumSet.of(Permission.READ, Permission.DATASETS, Permission.TRAIN, Permission.TRACK)),
  APPROVER("approver", EnumSet.of(Permission.READ, Permission.APPROVE)),
  OPERATOR("operator", EnumSet.of(Permission.READ, Permission.OPERATE)),
  ADMIN("admin", EnumSet.of(Permission.READ, Permission.ADMIN));

  private final String wire;
  private final Set<Permission> permissions;

  Role(String wire, Set<Permission> permissions) {
    this.wire = wire;
    this.permissions = permissions;
  }

  public String wire() {
    return wire;
  }

  public boolean permits(Permission permission) {
    return permissions.contains(permission);
  }

  public static Optional<Role> of(String wire) {
    return Arrays.stream(values()).filter(r -> r.wire.equals(wire)).findFirst();
  }

  public static String names() {
    return Arrays.stream(values()).map(Role::wire).toList().toString();
  }
}
