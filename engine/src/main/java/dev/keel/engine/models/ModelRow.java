package dev.keel.engine.models;

import java.time.OffsetDateTime;
import org.jdbi.v3.json.Json;

/** A row of {@code models}. */
public record ModelRow(
    long id,
    String name,
    String task,
    @Json ModelDefinition definition,
    OffsetDateTime createdAt) {}
