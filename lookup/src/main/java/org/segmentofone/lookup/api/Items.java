package org.segmentofone.lookup.api;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import org.segmentofone.lookup.store.Labels;
import org.segmentofone.lookup.store.RankedLists;
import org.segmentofone.lookup.store.Snapshot;
import org.segmentofone.lookup.store.Utf8Dictionary;

/**
 * The {@code items} array shared by the endpoints: {@code rank} (1 = first), {@code product_id},
 * {@code score} (null for merchandiser pins), {@code source} and {@code reason}.
 */
final class Items {
  private Items() {}

  /** Rows {@code [from, to)} of a list, with their own source and reason. */
  static void write(JsonGenerator g, Snapshot s, RankedLists lists, int from, int to)
      throws IOException {
    g.writeArrayFieldStart("items");
    Utf8Dictionary labels = s.labels();
    for (int row = from; row < to; row++) {
      start(g, s, row - from + 1, lists.item(row), lists.score(row));
      int label = lists.label(row);
      int sourceLength = Labels.sourceLength(labels, label);
      g.writeFieldName("source");
      g.writeUTF8String(labels.blob(), labels.start(label), sourceLength);
      g.writeFieldName("reason");
      if (sourceLength < labels.length(label)) {
        int skip = sourceLength + 1;
        g.writeUTF8String(labels.blob(), labels.start(label) + skip, labels.length(label) - skip);
      } else {
        g.writeNull();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** The first {@code limit} products of the overall trending list, under one source and reason. */
  static void trending(JsonGenerator g, Snapshot s, int limit, String source, String reason)
      throws IOException {
    RankedLists t = s.trending();
    int from = t.begin(s.trendingAllKey());
    int to = Math.min(t.end(s.trendingAllKey()), from + limit);
    g.writeArrayFieldStart("items");
    for (int row = from; row < to; row++) {
      start(g, s, row - from + 1, t.item(row), t.score(row));
      g.writeStringField("source", source);
      g.writeStringField("reason", reason);
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** Opens an item object with its rank, product and score. */
  static void start(JsonGenerator g, Snapshot s, int rank, int product, float score)
      throws IOException {
    g.writeStartObject();
    g.writeNumberField("rank", rank);
    g.writeFieldName("product_id");
    Json.string(g, s.products(), product);
    score(g, "score", score);
  }

  /** A stored score as stored (a float: no digits the table does not have); NaN as null. */
  static void score(JsonGenerator g, String field, float score) throws IOException {
    if (Float.isNaN(score)) {
      g.writeNullField(field);
    } else {
      g.writeNumberField(field, score);
    }
  }

  /** The run the response comes from: {@code model_version} and {@code run_date}. */
  static void run(JsonGenerator g, Snapshot s) throws IOException {
    g.writeStringField("model_version", s.run().version());
    g.writeStringField("run_date", s.run().runDate().toString());
  }
}
