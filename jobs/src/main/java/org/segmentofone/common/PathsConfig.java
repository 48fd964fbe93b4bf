package org.segmentofone.common;

/** Where input comes from and where the warehouse lives. */
public record PathsConfig(String rawEvents, String catalog, String warehouse, String checkpoint) {

  public static PathsConfig from(ConfigReader c) {
    return new PathsConfig(
        c.nonBlank("raw-events"),
        c.nonBlank("catalog"),
        c.nonBlank("warehouse"),
        c.nonBlank("checkpoint"));
  }

  /** The location of a table or folder under the warehouse root. */
  public String table(String name) {
    return warehouse.endsWith("/") ? warehouse + name : warehouse + "/" + name;
  }
}
