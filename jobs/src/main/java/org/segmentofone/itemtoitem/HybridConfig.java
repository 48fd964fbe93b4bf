package org.segmentofone.itemtoitem;

import java.util.List;
import org.segmentofone.common.ConfigException;
import org.segmentofone.common.ConfigReader;

/**
 * The item-to-item scorer and its blend with ALS (config section {@code hybrid}).
 *
 * @param historyCap each person's most recent products that count towards co-occurrence
 * @param neighbours neighbours each product keeps
 * @param fanOut products each product stays a neighbour of, at most
 * @param minCoOccurrence pairs fewer persons had both of are no neighbours
 * @param candidates ALS and item-to-item candidates per person that are blended
 * @param configured what is served when train runs no search
 * @param similarities the similarities the search tries
 * @param recencyHalfLives the affinity recencies (days, 0 = none) the search tries
 * @param blendWeights the blend weights the search tries
 * @param alsCandidates the best this many ALS candidates of train's search are each blended
 */
public record HybridConfig(
    int historyCap,
    int neighbours,
    int fanOut,
    int minCoOccurrence,
    int candidates,
    HybridParams configured,
    List<Similarity> similarities,
    List<Double> recencyHalfLives,
    List<Double> blendWeights,
    int alsCandidates) {

  public static HybridConfig from(ConfigReader c) {
    ConfigReader t = c.section("tuning");
    List<Similarity> similarities =
        t.strings("similarities").stream()
            .map(s -> Similarity.parse(t.key("similarities"), s))
            .distinct()
            .toList();
    if (similarities.isEmpty()) {
      throw new ConfigException(t.key("similarities") + " must list at least one value");
    }
    return new HybridConfig(
        c.intAtLeast("history-cap", 2),
        c.intAtLeast("neighbours", 1),
        c.intAtLeast("fan-out", 1),
        c.intAtLeast("min-co-occurrence", 1),
        c.intAtLeast("candidates", 1),
        new HybridParams(
            Similarity.parse(c.key("similarity"), c.nonBlank("similarity")),
            c.nonNegative("recency-half-life-days"),
            c.fraction("blend-weight")),
        similarities,
        t.numbersIn("recency-half-life-days", 0, 3650).stream().distinct().toList(),
        t.numbersIn("blend-weights", 0, 1).stream().distinct().toList(),
        t.intAtLeast("als-candidates", 1));
  }
}
