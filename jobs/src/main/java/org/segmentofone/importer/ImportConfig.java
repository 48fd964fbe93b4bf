package org.segmentofone.importer;

import java.time.LocalDate;
import org.segmentofone.common.ConfigException;
import org.segmentofone.common.ConfigReader;

/**
 * The {@code import} section: which format to read from where, where to write the raw contract, and
 * the choices a format leaves open (docs/importers.md).
 *
 * @param format one of {@link ImportFormat}'s names, usually given as {@code --format}
 * @param input a file or folder in that format ({@code --input})
 * @param output where {@code raw/events}, {@code raw/catalog} and {@code rejected} are written
 * @param minPurchaseRating ratings at or above this become purchase-strength events
 * @param sequenceEndDate the day of the last item of each sequence (formats without times)
 * @param sequenceSpacingHours hours between consecutive items of a sequence
 */
public record ImportConfig(
    String format,
    String input,
    String output,
    double minPurchaseRating,
    LocalDate sequenceEndDate,
    int sequenceSpacingHours) {

  public static ImportConfig from(ConfigReader c) {
    return new ImportConfig(
        c.string("format"),
        c.string("input"),
        c.nonBlank("output"),
        c.finite("min-purchase-rating"),
        c.date("sequence-end-date"),
        c.intAtLeast("sequence-spacing-hours", 1));
  }

  /** The same section with command-line values where given. */
  public ImportConfig withOverrides(String newFormat, String newInput, String newOutput) {
    return new ImportConfig(
        newFormat == null ? format : newFormat,
        newInput == null ? input : newInput,
        newOutput == null ? output : newOutput,
        minPurchaseRating,
        sequenceEndDate,
        sequenceSpacingHours);
  }

  /** The format, checked: a blank or unknown one is a usage error naming the choices. */
  public ImportFormat checkedFormat() {
    if (input.isBlank()) {
      throw new ConfigException("import needs --input (a file or folder to import)");
    }
    return ImportFormat.parse(format);
  }
}
