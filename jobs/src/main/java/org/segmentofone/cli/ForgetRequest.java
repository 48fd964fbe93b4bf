package org.segmentofone.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The identifiers a {@code forget} command names: its {@code --id}s and its {@code --ids-file}. */
final class ForgetRequest {
  private ForgetRequest() {}

  /** {@code --id} values, then the file's non-blank lines that are not {@code #} comments. */
  static List<String> ids(CommandLine cli) {
    List<String> ids = new ArrayList<>(cli.ids());
    if (cli.idsFile().isPresent()) {
      Path file = Path.of(cli.idsFile().get());
      try {
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          String id = line.strip();
          if (!id.isEmpty() && !id.startsWith("#")) {
            ids.add(id);
          }
        }
      } catch (IOException e) {
        throw new UsageException("--ids-file " + file + " cannot be read: " + e.getMessage());
      }
    }
    return ids;
  }
}
