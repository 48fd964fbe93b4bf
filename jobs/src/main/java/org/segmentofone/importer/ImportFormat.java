package org.segmentofone.importer;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.segmentofone.common.ConfigException;

/** The formats {@code import} reads, by their command-line names. */
public enum ImportFormat {
  SEGMENT("segment"),
  MOVIELENS("movielens"),
  AMAZON_SEQ("amazon-seq"),
  GROCERIES("groceries"),
  DIGINETICA("diginetica");

  private final String cliName;

  ImportFormat(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static ImportFormat parse(String name) {
    return Arrays.stream(values())
        .filter(f -> f.cliName.equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new ConfigException(
                    "import --format must be one of "
                        + Arrays.stream(values())
                            .map(ImportFormat::cliName)
                            .collect(Collectors.joining(", "))
                        + ", got '"
                        + name
                        + "'"));
  }
}
