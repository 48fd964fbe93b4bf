package org.segmentofone.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.segmentofone.itemtoitem.Hybrid;
import org.segmentofone.itemtoitem.HybridLists;

/**
 * Each placement's table from its candidates and rules, as pure transforms over the recommend
 * stage's inputs: trending, similar products (pdp), bought together (cart) and the home lists.
 */
public final class Placements {
  private static final StructType FACTOR_PAIRS =
      new StructType()
          .add("anchor_id", DataTypes.StringType)
          .add("product_id", DataTypes.StringType)
          .add("similarity", DataTypes.DoubleType);

  private final RecommendConfig cfg;
  private final Dataset<Row> products;
  private final LocalDate runDate;

  public Placements(RecommendConfig cfg, Dataset<Row> products, LocalDate runDate) {
    this.cfg = cfg;
    this.products = products;
    this.runDate = runDate;
  }

  /** {@code trending} rows: each scope's list after the home rules (no purchases: no person). */
  public Dataset<Row> trending(Dataset<Row> scores) {
    Dataset<Row> candidates = Trending.candidates(scores, cfg.candidates());
    Column all = col("scope").equalTo(Trending.ALL);
    // Pins belong to the overall list, not to every category's.
    Dataset<Row> overall =
        Rules.apply(
            candidates.where(all), "scope", products, null, cfg.home(), runDate, cfg.candidates());
    Dataset<Row> byCategory =
        Rules.apply(
            candidates.where(not(all)),
            "scope",
            products,
            null,
            cfg.home().withoutPins(),
            runDate,
            cfg.candidates());
    return overall
        .unionByName(byCategory)
        .select(
            col("scope"),
            col("rank"),
            col("product_id"),
            col("score"),
            col("source"),
            lit(Date.valueOf(runDate)).as("run_date"));
  }

  /**
   * The blended similar-product candidates before the rules ({@code anchor_id, product_id, score,
   * factor_part, co_view_part}); the home ladder's similar tier reads them too.
   */
  public Dataset<Row> similarCandidates(HybridLists model) {
    Dataset<Row> byFactors =
        cfg.similar().factorNeighbours() == 0
            ? products.sparkSession().createDataFrame(java.util.List.of(), FACTOR_PAIRS)
            : SimilarProducts.byFactors(
                model.model(), model.productIndex(), cfg.similar().factorNeighbours());
    return SimilarProducts.blend(byFactors, model.neighbours(), cfg.similar().coViewWeight());
  }

  /** {@code similar_products} rows: the candidates after the pdp rules. */
  public Dataset<Row> similarProducts(Dataset<Row> blended) {
    Dataset<Row> parts =
        blended.select(
            col("anchor_id"), col("product_id"), col("factor_part"), col("co_view_part"));
    return Rules.apply(
            SimilarProducts.candidates(blended, cfg.similar().coViewWeight()),
            "anchor_id",
            products,
            null,
            cfg.pdp(),
            runDate,
            cfg.similar().neighbours())
        .join(parts, new String[] {"anchor_id", "product_id"}, "left")
        .select(
            col("anchor_id").as("product_id"),
            col("rank"),
            col("product_id").as("similar_id"),
            col("score"),
            col("factor_part"),
            col("co_view_part"),
            col("source"),
            col("reason"),
            lit(Date.valueOf(runDate)).as("run_date"));
  }

  /** Association rules from the orders (persist them: {@link #boughtTogether} reads them twice). */
  public Dataset<Row> associationRules(Dataset<Row> events) {
    RecommendConfig.BoughtTogetherConfig b = cfg.boughtTogether();
    return BoughtTogether.rules(
        BoughtTogether.baskets(events, runDate, b.days(), b.maxBasket()),
        b.minOrders(),
        b.minConfidence(),
        b.minLift());
  }

  /** {@code bought_together} rows: the {@link #associationRules} after the cart rules. */
  public Dataset<Row> boughtTogether(Dataset<Row> rules) {
    RecommendConfig.BoughtTogetherConfig b = cfg.boughtTogether();
    Dataset<Row> stats =
        rules.select(
            col("product_id").as("anchor_id"),
            col("complement_id").as("product_id"),
            col("orders"),
            col("support"),
            col("confidence"),
            col("lift"));
    return Rules.apply(
            BoughtTogether.candidates(rules),
            "anchor_id",
            products,
            null,
            cfg.cart(),
            runDate,
            b.topK())
        .join(stats, new String[] {"anchor_id", "product_id"}, "left")
        .select(
            col("anchor_id").as("product_id"),
            col("rank"),
            col("product_id").as("complement_id"),
            col("score"),
            col("orders"),
            col("support"),
            col("confidence"),
            col("lift"),
            col("source"),
            lit(Date.valueOf(runDate)).as("run_date"));
  }

  /**
   * The model's candidates for the model-rung persons, as rule candidates (persist them: the ladder
   * reads them twice). Bought products leave before the model's cut, so its candidates stay deep
   * enough, and again in the rules (where repeatable categories come back through other tiers).
   *
   * @param rungs {@link HomeLadder#rungs}
   * @param purchased {@code person_id, product_id} of every purchase up to the run date
   */
  public Dataset<Row> modelCandidates(
      HybridLists model, Dataset<Row> rungs, Dataset<Row> purchased) {
    double w = model.params().blendWeight();
    Dataset<Row> bought =
        purchased
            .join(products.select("product_id", "category"), "product_id", "left")
            .where(not(Rules.under(col("category"), cfg.home().repeatableCategories())))
            .select("person_id", "product_id");
    return model
        .candidates(
            rungs.where(col("rung").equalTo(HomeLadder.RUNG_MODEL)).select("person_id"),
            cfg.home().excludePurchased() ? bought : purchased.limit(0),
            cfg.candidates())
        .select(
            col("person_id"),
            col("product_id"),
            col("score"),
            lit(HomeLadder.PRIORITY_FIRST).as("priority"),
            lit(RecommendTransforms.modelSource(w)).as("source"),
            RecommendTransforms.modelReason(w).as("reason"));
  }

  /**
   * The home lists of every profiled person through the fallback ladder, after the home rules
   * (persist them: {@link #explained} reads them twice).
   *
   * @param modelCandidates {@link #modelCandidates}
   * @param similar {@link #similarCandidates}
   * @param trending the run date's {@code trending} rows
   */
  public Dataset<Row> home(
      Dataset<Row> modelCandidates,
      Dataset<Row> rungs,
      Dataset<Row> interactions,
      Dataset<Row> purchased,
      Dataset<Row> similar,
      Dataset<Row> trending) {
    Dataset<Row> ladder = HomeLadder.demote(rungs, modelCandidates);
    Dataset<Row> thin = ladder.where(col("rung").equalTo(HomeLadder.RUNG_SIMILAR));
    Dataset<Row> candidates =
        modelCandidates
            .unionByName(
                HomeLadder.similar(
                    thin, interactions, similar.select("anchor_id", "product_id", "score")))
            .unionByName(HomeLadder.categoryTrending(thin, trending))
            .unionByName(HomeLadder.trending(ladder, trending, cfg.topN()));
    return Rules.apply(
        candidates, "person_id", products, purchased, cfg.home(), runDate, cfg.topN());
  }

  /** The home lists with the model's picks explained by the touched product closest to them. */
  public Dataset<Row> explained(HybridLists model, Dataset<Row> lists, Dataset<Row> interactions) {
    return Reasons.explain(
            lists,
            Reasons.history(interactions, cfg.reasonHistory()),
            unitFactors(model),
            RecommendTransforms.modelSource(model.params().blendWeight()))
        .drop("priority", Hybrid.ALS_PART, Hybrid.ITEM_PART);
  }

  private static Dataset<Row> unitFactors(HybridLists model) {
    return SimilarProducts.unitFactors(model.model().itemFactors())
        .join(model.productIndex().withColumnRenamed("idx", "id"), "id")
        .select("product_id", "features");
  }
}
