package org.segmentofone.lookup.api;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.segmentofone.lookup.store.RankedLists;
import org.segmentofone.lookup.store.Snapshot;

/** {@code GET /v1/products/{id}/similar?limit=}: the product page's list of one product. */
public final class SimilarProductsEndpoint {
  private static final Set<String> PARAMS = Set.of("limit");

  private final ApiConfig cfg;

  public SimilarProductsEndpoint(ApiConfig cfg) {
    this.cfg = cfg;
  }

  public Response handle(Snapshot s, String productId, Map<String, List<String>> query) {
    Params p = Params.of(query, cfg, PARAMS);
    String id = p.id("product id", productId);
    int limit = p.limit();
    int product = s.products().find(id);
    RankedLists similar = s.similar();
    int from = similar.begin(product);
    int to = similar.end(product);
    if (product < 0 || from == to) {
      throw ApiException.notFound(
          "no similar products for product '" + id + "' in run " + s.run().runDate());
    }
    return Response.json(
        200,
        Json.write(
            g -> {
              g.writeStartObject();
              g.writeFieldName("product_id");
              Json.string(g, s.products(), product);
              Items.run(g, s);
              Items.write(g, s, similar, from, Math.min(to, from + limit));
              g.writeEndObject();
            }));
  }
}
