package dev.keel.engine.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * TLS to the Temporal frontend: on when {@code enabled}; mutual TLS when a client certificate chain
 * and key (PEM, key in PKCS#8) are given; the server is verified against {@code caFile} (PEM) or
 * the JVM's trusted roots; {@code serverName} overrides the name checked in the server's
 * certificate (when connecting by IP or through a load balancer).
 */
public class TemporalTlsSettings {

  @JsonProperty private boolean enabled;
  @JsonProperty private String clientCertFile;
  @JsonProperty private String clientKeyFile;
  @JsonProperty private String caFile;
  @JsonProperty private String serverName;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getClientCertFile() {
    return clientCertFile;
  }

  public void setClientCertFile(String clientCertFile) {
    this.clientCertFile = clientCertFile;
  }

  public String getClientKeyFile() {
    return clientKeyFile;
  }

  public void setClientKeyFile(String clientKeyFile) {
    this.clientKeyFile = clientKeyFile;
  }

  public String getCaFile() {
    return caFile;
  }

  public void setCaFile(String caFile) {
    this.caFile = caFile;
  }

  public String getServerName() {
    return serverName;
  }
}
