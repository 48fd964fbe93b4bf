package org.segmentofone.lookup.api;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A person's experiment arm: the first 8 bytes of SHA-256({@code salt + ":" + person_id}) scaled to
 * [0, 1); below the holdout share is {@code control}, else {@code treatment}. Stable per person and
 * salt on every server; docs/lookup.md gives the formula to the measuring side.
 */
public final class ExperimentArms {
  public static final String CONTROL = "control";
  public static final String TREATMENT = "treatment";

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("the JDK has no SHA-256", e);
            }
          });

  private final byte[] saltAndColon;
  private final double holdoutShare;

  public ExperimentArms(ApiConfig.Experiment experiment) {
    this.saltAndColon = (experiment.salt() + ":").getBytes(StandardCharsets.UTF_8);
    this.holdoutShare = experiment.holdoutShare();
  }

  public String arm(String personId) {
    return position(personId) < holdoutShare ? CONTROL : TREATMENT;
  }

  /** The person's uniform position in [0, 1). */
  double position(String personId) {
    MessageDigest sha = SHA256.get();
    sha.update(saltAndColon);
    byte[] digest = sha.digest(personId.getBytes(StandardCharsets.UTF_8));
    long bits = ByteBuffer.wrap(digest, 0, 8).getLong();
    return (bits >>> 11) * 0x1.0p-53;
  }
}
