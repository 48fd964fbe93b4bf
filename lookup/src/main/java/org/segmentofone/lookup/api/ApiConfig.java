package org.segmentofone.lookup.api;

/**
 * The API's limits (config section {@code lookup.api}) and the experiment ({@code
 * lookup.experiment}).
 *
 * @param defaultLimit items returned when a request gives no {@code limit}
 * @param maxLimit a larger {@code limit} is lowered to this
 * @param maxIdLength longer ids are refused (400)
 * @param maxCartProducts a cart with more {@code product_id}s is refused (400)
 */
public record ApiConfig(
    int defaultLimit, int maxLimit, int maxIdLength, int maxCartProducts, Experiment experiment) {

  /**
   * A person's arm is {@code control} when the hash of salt and person id falls below {@code
   * holdoutShare}, else {@code treatment} ({@link ExperimentArms}).
   */
  public record Experiment(String name, String salt, double holdoutShare) {
    @Override
    public String toString() {
      return "Experiment[name=" + name + ", salt=<redacted>, holdoutShare=" + holdoutShare + "]";
    }
  }
}
