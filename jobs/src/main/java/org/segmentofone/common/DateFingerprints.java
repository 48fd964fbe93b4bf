package org.segmentofone.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fingerprint per {@code event_date} partition of a Delta table, from the names of the data files
 * its current snapshot holds (metadata only, no data read). Delta writes new file names on every
 * change, so a date whose fingerprint moved was rewritten: a replaced date, late data, an erasure.
 */
public final class DateFingerprints {
  private static final Pattern DATE_FILE =
      Pattern.compile("event_date=(\\d{4}-\\d{2}-\\d{2})/([^/]+)$");

  private DateFingerprints() {}

  /** Date → fingerprint for the given data file paths (other paths are a programming error). */
  public static SortedMap<LocalDate, String> of(String[] filePaths) {
    SortedMap<LocalDate, List<String>> names = new TreeMap<>();
    for (String path : filePaths) {
      Matcher m = DATE_FILE.matcher(path);
      if (!m.find()) {
        throw new IllegalStateException("not an event_date partition file: " + path);
      }
      names.computeIfAbsent(LocalDate.parse(m.group(1)), d -> new ArrayList<>()).add(m.group(2));
    }
    SortedMap<LocalDate, String> out = new TreeMap<>();
    for (Map.Entry<LocalDate, List<String>> e : names.entrySet()) {
      List<String> files = new ArrayList<>(e.getValue());
      files.sort(null);
      out.put(e.getKey(), sha256(String.join("\n", files)).substring(0, 24));
    }
    return out;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
