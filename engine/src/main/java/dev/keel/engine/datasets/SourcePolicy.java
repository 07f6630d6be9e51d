package dev.keel.engine.datasets;

import dev.keel.engine.errors.InvalidInput;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
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
  private final List<String> urlPrefixes;
  private final boolean allowPrivateAddresses;
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
    this.urlPrefixes = List.copyOf(urlPrefixes);
    this.allowPrivateAddresses = allowPrivateAddresses;
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

  /** 400 unless the URL may be fetched. */
  public void url(URI uri) {
    String text = uri.toString();
    if (!urlPrefixes.isEmpty() && urlPrefixes.stream().noneMatch(text::startsWith)) {
      throw new InvalidInput(
          "field 'source': "
              + text
              + " is not under an allowed URL prefix "
              + "(datasets.urlAllowList: "
              + urlPrefixes
              + ")");
    }
    if (uri.getHost() == null || uri.getUserInfo() != null) {
      throw new InvalidInput(
          "field 'source': '" + text + "' must be http(s)://host/path without user info");
    }
    if (allowPrivateAddresses) {
      return;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      throw new InvalidInput("field 'source': unknown host '" + uri.getHost() + "'");
    }
    for (InetAddress address : addresses) {
      if (internal(address)) {
        throw new InvalidInput(
            "field 'source': "
                + uri.getHost()
                + " resolves to "
                + address.getHostAddress()
                + ", an internal address; dataset URLs must reach public hosts (datasets.allowPrivateAddresses is off)");
      }
    }
  }

  static boolean internal(InetAddress a) {
    if (a.isLoopbackAddress()
        || a.isAnyLocalAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (b.length == 4) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      return first == 0
          || (first == 100 && second >= 64 && second <= 127) // carrier-grade NAT
          || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
          || first >= 240;
    }
    return (b[0] & 0xfe) == 0xfc; // IPv6 unique local fc00::/7
  }

  private static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }
}
