package org.segmentofone.forget;

import java.util.ArrayList;
import java.util.List;
import org.segmentofone.common.ConfigException;
import org.segmentofone.common.ConfigReader;

/**
 * Config section {@code forget}: the identifiers to erase ({@code TYPE:VALUE}; the command line's
 * {@code --id} and {@code --ids-file} add to them) and how long VACUUM keeps the files of older
 * table versions (0 = the erased rows are gone from every version at once).
 */
public record ForgetConfig(List<String> ids, double vacuumRetentionHours) {

  public static ForgetConfig from(ConfigReader c) {
    return new ForgetConfig(c.strings("ids"), c.nonNegative("vacuum-retention-hours"));
  }

  /** The same section with more identifiers (from the command line). */
  public ForgetConfig withIds(List<String> more) {
    List<String> all = new ArrayList<>(ids);
    all.addAll(more);
    return new ForgetConfig(List.copyOf(all), vacuumRetentionHours);
  }

  /** The identifiers parsed ({@code email:} hashed with the salt); a bad one names itself. */
  public List<Identifier> identifiers(String emailSalt) {
    List<Identifier> out = new ArrayList<>();
    for (String id : ids) {
      try {
        out.add(Identifier.parse(id, emailSalt));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("forget: " + e.getMessage());
      }
    }
    if (out.isEmpty()) {
      throw new ConfigException(
          "forget needs at least one identifier: --id TYPE:VALUE (repeatable) or --ids-file FILE");
    }
    return out;
  }

  @Override
  public String toString() {
    // The identifiers are personal data: logged as a count only.
    return "ForgetConfig[ids=<"
        + ids.size()
        + " redacted>, vacuumRetentionHours="
        + vacuumRetentionHours
        + "]";
  }
}
