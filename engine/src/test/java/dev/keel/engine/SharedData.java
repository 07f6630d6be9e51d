package dev.keel.engine;

import java.nio.file.Files;
import java.nio.file.Path;

/** The public data sets in {@code ../shared/data} beside the repository (never copied into it). */
public final class SharedData {

  private SharedData() {}

  public static Path file(String name) {
    Path path = Path.of("..", "..", "shared", "data", name).toAbsolutePath().normalize();
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(
          "test data " + path + " is missing: ../shared/data must sit beside the repo");
    }
    return path;
  }

  public static Path redWine() {
    return file("wine-quality-red.csv");
  }

  public static Path whiteWine() {
    return file("wine-quality-white.csv");
  }
}
