package org.segmentofone.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.segmentofone.itemtoitem.Hybrid;

/** How the home lists name the model that served them. */
public final class RecommendTransforms {
  public static final String SOURCE_ALS = "als";
  public static final String SOURCE_ITEM_TO_ITEM = "item_to_item";
  public static final String SOURCE_HYBRID = "hybrid";
  public static final String REASON_ALS = "als:collaborative";
  public static final String REASON_ITEM_TO_ITEM = "item_to_item:similar";

  private RecommendTransforms() {}

  /** The model's source label: ALS alone, item-to-item alone, or their blend. */
  public static String modelSource(double blendWeight) {
    return blendWeight == 0 ? SOURCE_ALS : blendWeight == 1 ? SOURCE_ITEM_TO_ITEM : SOURCE_HYBRID;
  }

  /**
   * The reason a model pick keeps when none of the person's touched products has factors: the part
   * that weighs more in its blended score ({@code als:collaborative} or {@code
   * item_to_item:similar}). Candidates carry {@code als_part} and {@code item_part} (each in [0,
   * 1]).
   */
  public static Column modelReason(double blendWeight) {
    return when(
            col(Hybrid.ITEM_PART)
                .multiply(blendWeight)
                .gt(col(Hybrid.ALS_PART).multiply(1 - blendWeight)),
            lit(REASON_ITEM_TO_ITEM))
        .otherwise(lit(REASON_ALS));
  }
}
