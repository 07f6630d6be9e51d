package dev.keel.engine.datasets;

import dev.keel.engine.api.OutboundUrls;
import dev.keel.engine.errors.InvalidInput;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where datasets may be read from: files only under the configured roots (after resolving links, so
 * a link cannot lead out), URLs only with an allowed prefix (when a list is configured) and never
 * to a loopback, private, link-local or otherwise internal address unless that is explicitly
 * allowed (so a dataset URL cannot reach the cloud metadata service or an internal admin port).
 * Checked again at every redirect.
 */
public final class SourcePolicy {

  private final List<Path> fileRoots;
  private final OutboundUrls urls;
  private final String howToAllow;

  /**
   * @param howToAllow what a refused user can do to allow another directory, named in the refusal:
   *     the configuration setting on a server, the {@code --allow-dir} flag in developer mode
   */
  public SourcePolicy(
      List<String> fileRoots,
      List<String> urlPrefixes,
      boolean allowPrivateAddresses,
      String howToAllow) {
    this.fileRoots = fileRoots.stream().map(r -> real(Path.of(r))).toList();
    this.urls =
        new OutboundUrls(urlPrefixes, allowPrivateAddresses, "source", "datasets", "dataset URLs");
    this.howToAllow = howToAllow;
  }

  /** The file to read, with links resolved; 400 when it is not under a configured root. */
  public Path file(Path requested) {
    if (fileRoots.isEmpty()) {
      throw new InvalidInput(
          "field 'source': file sources are turned off on this engine (no "
              + "datasets.fileRoots configured); upload the CSV in the request body or use an allowed http(s) URL");
    }
    if (!Files.isRegularFile(requested)) {
      throw new InvalidInput("field 'source': no readable file at " + requested);
    }
    Path real = real(requested);
    if (fileRoots.stream().noneMatch(real::startsWith)) {
      throw new InvalidInput(
          "field 'source': "
              + requested
              + " is not under an allowed directory "
              + "(datasets.fileRoots: "
              + fileRoots
              + "); "
              + howToAllow
              + ", or upload the CSV in the request body");
    }
    return real;
  }

  /** 400 unless the URL may be fetched (the engine's rules for outbound URLs). */
  public void url(URI uri) {
    urls.check(uri);
  }

  private static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }
}
