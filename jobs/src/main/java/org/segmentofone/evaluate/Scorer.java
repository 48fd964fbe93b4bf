package org.segmentofone.evaluate;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Scores lists on one backtest's test persons: a model's lists as the nightly would serve them (its
 * top K for the persons it personalises, popularity for the rest) and the metrics of any list,
 * every algorithm against the same held-out items.
 *
 * @param popularity the popularity baseline's lists for every test person (the fallback)
 */
record Scorer(
    EvaluateConfig cfg,
    Dataset<Row> personalised,
    Dataset<Row> testPersons,
    Dataset<Row> test,
    Dataset<Row> exclude,
    Dataset<Row> popularity,
    long catalog) {

  /** A model's served lists (cached: the caller unpersists them) and its fallback persons. */
  record Served(Dataset<Row> lists, long fallbackPersons) {}

  /** How a model lists products: the top k for these persons, their exclusions left out. */
  interface Model {
    Dataset<Row> top(Dataset<Row> persons, Dataset<Row> exclude, int k);
  }

  /** The model's lists for the persons it personalises, popularity for the other test persons. */
  Served served(Model model) {
    Dataset<Row> own =
        model
            .top(personalised, exclude, cfg.maxK())
            .select("person_id", "product_id", "rank")
            .cache();
    Dataset<Row> fallbackPersons =
        testPersons.join(own.select("person_id").distinct(), "person_id", "left_anti");
    long fallback = fallbackPersons.count();
    Dataset<Row> lists = own.unionByName(popularity.join(fallbackPersons, "person_id")).cache();
    lists.count();
    own.unpersist();
    return new Served(lists, fallback);
  }

  /** Every metric at every K of the lists, labelled with the algorithm. */
  List<EvaluationReport.Value> metrics(String algorithm, Dataset<Row> lists) {
    List<EvaluationReport.Value> out = new ArrayList<>();
    for (Row r : RankingMetrics.evaluate(lists, test, cfg.ks(), catalog).collectAsList()) {
      out.add(new EvaluationReport.Value(algorithm, r.getString(0), r.getInt(1), r.getDouble(2)));
    }
    return out;
  }

  /** The algorithm's primary metric at the primary K among the values (0 when absent). */
  double primary(List<EvaluationReport.Value> values, String algorithm) {
    return values.stream()
        .filter(v -> v.algorithm().equals(algorithm))
        .filter(v -> v.metric().equals(cfg.primaryMetric()) && v.k() == cfg.primaryK())
        .mapToDouble(EvaluationReport.Value::value)
        .findFirst()
        .orElse(0.0);
  }
}
