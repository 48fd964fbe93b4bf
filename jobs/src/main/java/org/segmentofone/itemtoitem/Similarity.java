package org.segmentofone.itemtoitem;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pow;

import org.apache.spark.sql.Column;
import org.segmentofone.common.ConfigException;

/**
 * How two products' co-occurrence becomes a similarity: {@code co} persons had both, {@code
 * nProduct} and {@code nNeighbour} had each.
 *
 * <ul>
 *   <li>{@code jaccard}: co / (nProduct + nNeighbour − co)
 *   <li>{@code lift}: co / (nProduct × nNeighbour)
 *   <li>{@code cosine}: co / √(nProduct × nNeighbour); {@code cosine:a} is the asymmetric cosine co
 *       / (nProduct^a × nNeighbour^(1−a)): below 0.5 a popular product is penalised less as a
 *       candidate (0.5 is the plain cosine)
 * </ul>
 *
 * @param exponent {@code a} of the cosine; 0.5 for the other measures (unused there)
 */
public record Similarity(String measure, double exponent) {
  public static final String JACCARD = "jaccard";
  public static final String LIFT = "lift";
  public static final String COSINE = "cosine";

  public Similarity {
    if (!measure.equals(JACCARD) && !measure.equals(LIFT) && !measure.equals(COSINE)) {
      throw new IllegalArgumentException("unknown similarity " + measure);
    }
    if (!(exponent >= 0 && exponent <= 1)) {
      throw new IllegalArgumentException("cosine exponent must be in [0, 1], got " + exponent);
    }
  }

  /** {@code jaccard}, {@code lift}, {@code cosine} or {@code cosine:<a>} with a in [0, 1]. */
  public static Similarity parse(String key, String text) {
    String[] parts = text.trim().split(":", 2);
    if (parts.length == 2 && !parts[0].equals(COSINE)) {
      throw new ConfigException(key + ": only cosine takes an exponent, got '" + text + "'");
    }
    try {
      return new Similarity(parts[0], parts.length == 1 ? 0.5 : Double.parseDouble(parts[1]));
    } catch (IllegalArgumentException e) { // NumberFormatException included
      throw new ConfigException(
          key
              + " must be jaccard, lift, cosine or cosine:<a> with a in [0, 1], got '"
              + text
              + "'");
    }
  }

  /** The similarity of a pair from its counts (all columns numeric). */
  public Column of(Column co, Column nProduct, Column nNeighbour) {
    Column c = co.cast("double");
    return switch (measure) {
      case JACCARD -> c.divide(nProduct.plus(nNeighbour).minus(co));
      case LIFT -> c.divide(nProduct.cast("double").multiply(nNeighbour));
      default ->
          c.divide(
              pow(nProduct.cast("double"), lit(exponent))
                  .multiply(pow(nNeighbour.cast("double"), lit(1 - exponent))));
    };
  }

  /** As written in config and in {@code model_runs}. */
  public String label() {
    return measure.equals(COSINE) && exponent != 0.5 ? COSINE + ":" + exponent : measure;
  }

  @Override
  public String toString() {
    return label();
  }
}
