package org.segmentofone.itemtoitem;

/**
 * What the hybrid serves: the item-to-item similarity, the extra recency of a person's affinity
 * (days; 0 = none) and the blend weight (0 = ALS alone, 1 = item-to-item alone).
 */
public record HybridParams(Similarity similarity, double recencyHalfLifeDays, double blendWeight) {
  @Override
  public String toString() {
    return "%s, recency half-life %s, blend weight %s"
        .formatted(
            similarity.label(),
            recencyHalfLifeDays == 0 ? "off" : recencyHalfLifeDays + " d",
            blendWeight);
  }
}
