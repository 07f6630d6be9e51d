package dev.keel.engine.audit;

import dev.keel.engine.wiring.Core;
import io.dropwizard.core.setup.Environment;

/**
 * The audit log: every state-changing call, its intent and outcome, written by one writer; and its
 * API.
 */
public final class AuditFeature {

  private final AuditLog log;
  private final AuditWriter writer;

  public AuditFeature(Core core) {
    log = new AuditLog(core.jdbi());
    writer = new AuditWriter(core.jdbi());
  }

  /** Manages the writer and registers the audit filters and API. */
  public void register(Environment env) {
    env.lifecycle().manage(writer);
    env.jersey().register(new AuditFilter(writer));
    env.jersey().register(new AuditIntentFilter(writer));
    env.jersey().register(new AuditResource(log));
  }
}
