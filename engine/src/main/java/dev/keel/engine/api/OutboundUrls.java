package dev.keel.engine.api;

import dev.keel.engine.errors.InvalidInput;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Which {@code http(s)} URLs the engine itself may send requests to (dataset sources, webhook
 * receivers): only with an allowed prefix when a list is configured, and never to a loopback,
 * private, link-local or otherwise internal address unless that is explicitly allowed, so that a
 * URL a user gives cannot reach the cloud metadata service or an internal admin port. The host is
 * resolved at every check, so callers check again right before each request (and at each redirect).
 */
public final class OutboundUrls {

  private final List<String> urlPrefixes;
  private final boolean allowPrivateAddresses;
  private final String field;
  private final String settings;
  private final String noun;

  /**
   * @param field the request field named in refusals, e.g. {@code source}
   * @param settings the configuration block of the two settings, e.g. {@code datasets} (refusals
   *     name {@code datasets.urlAllowList} and {@code datasets.allowPrivateAddresses})
   * @param noun what the URLs are, in refusals, e.g. {@code dataset URLs}
   */
  public OutboundUrls(
      List<String> urlPrefixes,
      boolean allowPrivateAddresses,
      String field,
      String settings,
      String noun) {
    this.urlPrefixes = List.copyOf(urlPrefixes);
    this.allowPrivateAddresses = allowPrivateAddresses;
    this.field = field;
    this.settings = settings;
    this.noun = noun;
  }

  /** 400 (naming the field and why) unless the URL may be reached. */
  public void check(URI uri) {
    String text = uri.toString();
    if (!urlPrefixes.isEmpty() && urlPrefixes.stream().noneMatch(text::startsWith)) {
      throw new InvalidInput(
          "field '"
              + field
              + "': "
              + text
              + " is not under an allowed URL prefix "
              + "("
              + settings
              + ".urlAllowList: "
              + urlPrefixes
              + ")");
    }
    if (uri.getHost() == null || uri.getUserInfo() != null) {
      throw new InvalidInput(
          "field '" + field + "': '" + text + "' must be http(s)://host/path without user info");
    }
    if (allowPrivateAddresses) {
      return;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(uri.getHost());
    } catch (UnknownHostException e) {
      throw new InvalidInput("field '" + field + "': unknown host '" + uri.getHost() + "'");
    }
    for (InetAddress address : addresses) {
      if (internal(address)) {
        throw new InvalidInput(
            "field '"
                + field
                + "': "
                + uri.getHost()
                + " resolves to "
                + address.getHostAddress()
                + ", an internal address; "
                + noun
                + " must reach public hosts ("
                + settings
                + ".allowPrivateAddresses is off)");
      }
    }
  }

  /** Loopback, wildcard, link-local, site-local, multicast, CGNAT, reserved or unique-local. */
  public static boolean internal(InetAddress a) {
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
}
