package org.segmentofone.itemtoitem;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.struct;

import java.io.Serializable;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.segmentofone.common.BoundedHeap;

/**
 * Item-to-item top-k lists without a shuffle of (person, product) pairs: the scoring neighbour
 * pairs (catalog-sized: at most products × fan-out) are broadcast as a compressed sparse row table,
 * each person's history travels as one row, and a person's scores are summed in a dense accumulator
 * and cut with a bounded heap. The same scores and ranks as {@link ItemToItem#scores} followed by
 * {@code PersonLists.top}; when the pair table is larger than {@link #MAX_PAIRS} the caller keeps
 * the join plan.
 */
final class NeighbourScoring {
  /** Pairs broadcast at most (~12 bytes each): 20M ≈ 240 MB, beyond that the join plan. */
  static final long MAX_PAIRS = 20_000_000L;

  static final StructType SCHEMA =
      new StructType()
          .add("person_id", DataTypes.StringType, false)
          .add("product_id", DataTypes.StringType, false)
          .add("score", DataTypes.DoubleType, false)
          .add("rank", DataTypes.IntegerType, false);

  private NeighbourScoring() {}

  /**
   * @param affinity {@code person_id, product_id, affinity} of the persons to score
   * @param pairs {@code product_id, neighbour_id, similarity}: the pairs scoring uses
   * @param pairCount their number (at most {@link #MAX_PAIRS})
   * @param exclude {@code person_id, product_id} never to show that person
   * @return {@code person_id, product_id, score, rank} (rank 1 = best; ties by product id)
   */
  static Dataset<Row> topK(
      Dataset<Row> affinity, Dataset<Row> pairs, long pairCount, Dataset<Row> exclude, int k) {
    Broadcast<Table> table =
        JavaSparkContext.fromSparkContext(affinity.sparkSession().sparkContext())
            .broadcast(Table.collect(pairs, pairCount));
    Dataset<Row> histories =
        affinity
            .groupBy("person_id")
            .agg(collect_list(struct(col("product_id"), col("affinity"))).as("history"))
            .join(
                exclude.groupBy("person_id").agg(collect_set("product_id").as("exclude")),
                new String[] {"person_id"},
                "left");
    return histories
        .select("person_id", "history", "exclude")
        .flatMap(new ScorePerson(table, k), Encoders.row(SCHEMA));
  }

  /**
   * The pairs by touched product: the products scored through product {@code t} are {@code
   * candidates[start[t] .. start[t+1])} with {@code similarity}. Products are numbered in Spark's
   * order of their ids, so ties broken by number are ties broken by id.
   */
  static final class Table implements Serializable {
    private static final long serialVersionUID = 1L;
    // A class, not a record: Spark's Kryo serializer cannot build records.
    final String[] ids;
    final int[] start;
    final int[] candidates;
    final double[] similarity;

    Table(String[] ids, int[] start, int[] candidates, double[] similarity) {
      this.ids = ids;
      this.start = start;
      this.candidates = candidates;
      this.similarity = similarity;
    }

    static Table collect(Dataset<Row> pairs, long pairCount) {
      Dataset<Row> named =
          pairs
              .select(col("product_id").as("id"))
              .union(pairs.select(col("neighbour_id").as("id")))
              .distinct()
              .orderBy("id");
      String[] ids = named.as(Encoders.STRING()).collectAsList().toArray(String[]::new);
      Map<String, Integer> number = numbers(ids);
      int size = Math.toIntExact(pairCount);
      int[] touched = new int[size];
      int[] scored = new int[size];
      double[] sims = new double[size];
      int n = 0;
      Iterator<Row> rows =
          pairs.select("neighbour_id", "product_id", "similarity").toLocalIterator();
      while (rows.hasNext() && n < size) {
        Row row = rows.next();
        touched[n] = number.get(row.getString(0));
        scored[n] = number.get(row.getString(1));
        sims[n] = row.getDouble(2);
        n++;
      }
      // Counting sort by touched product.
      int[] start = new int[ids.length + 1];
      for (int i = 0; i < n; i++) {
        start[touched[i] + 1]++;
      }
      for (int t = 0; t < ids.length; t++) {
        start[t + 1] += start[t];
      }
      int[] fill = Arrays.copyOf(start, ids.length);
      int[] candidates = new int[n];
      double[] similarity = new double[n];
      for (int i = 0; i < n; i++) {
        int at = fill[touched[i]]++;
        candidates[at] = scored[i];
        similarity[at] = sims[i];
      }
      return new Table(ids, start, candidates, similarity);
    }

    Map<String, Integer> numbers() {
      return numbers(ids);
    }

    private static Map<String, Integer> numbers(String[] ids) {
      Map<String, Integer> number = new HashMap<>(ids.length * 2);
      for (int i = 0; i < ids.length; i++) {
        number.put(ids[i], i);
      }
      return number;
    }
  }

  /** One person's list from their history: a dense accumulator reset after each person. */
  private static final class ScorePerson implements FlatMapFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<Table> shared;
    private final int k;
    private transient Table table;
    private transient Map<String, Integer> number;
    private transient double[] score;
    private transient int[] reached;
    private transient int[] seenBy;
    private transient int[] excludedBy;
    private transient int person;

    ScorePerson(Broadcast<Table> shared, int k) {
      this.shared = shared;
      this.k = k;
    }

    @Override
    public Iterator<Row> call(Row row) {
      if (table == null) {
        table = shared.value();
        number = table.numbers();
        int products = table.ids.length;
        score = new double[products];
        reached = new int[products];
        seenBy = new int[products];
        excludedBy = new int[products];
      }
      person++;
      String personId = row.getString(0);
      List<Row> history = row.getList(1);
      if (!row.isNullAt(2)) {
        for (Object id : row.getList(2)) {
          Integer p = number.get((String) id);
          if (p != null) {
            excludedBy[p] = person;
          }
        }
      }
      int count = 0;
      for (Row touched : history) {
        Integer t = number.get(touched.getString(0));
        if (t == null) {
          continue;
        }
        double affinity = touched.getDouble(1);
        for (int i = table.start[t]; i < table.start[t + 1]; i++) {
          int c = table.candidates[i];
          if (seenBy[c] != person) {
            seenBy[c] = person;
            score[c] = 0;
            reached[count++] = c;
          }
          score[c] += affinity * table.similarity[i];
        }
      }
      BoundedHeap heap = new BoundedHeap(Math.min(k, Math.max(count, 1)));
      for (int i = 0; i < count; i++) {
        int c = reached[i];
        if (excludedBy[c] != person) {
          heap.offer(score[c], c);
        }
      }
      int[] best = new int[heap.size()];
      double[] bestScores = new double[heap.size()];
      int n = heap.drain(best, bestScores);
      Row[] out = new Row[n];
      for (int i = 0; i < n; i++) {
        out[i] = RowFactory.create(personId, table.ids[best[i]], bestScores[i], i + 1);
      }
      return Arrays.asList(out).iterator();
    }
  }
}
