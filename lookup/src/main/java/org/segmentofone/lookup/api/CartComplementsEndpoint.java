package org.segmentofone.lookup.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.segmentofone.lookup.store.Snapshot;

/**
 * {@code GET /v1/cart/complements?product_id=a&product_id=b&limit=}: what goes with a whole cart
 * ({@link CartCombiner}).
 */
public final class CartComplementsEndpoint {
  private static final Set<String> PARAMS = Set.of("product_id", "limit");

  private final ApiConfig cfg;

  public CartComplementsEndpoint(ApiConfig cfg) {
    this.cfg = cfg;
  }

  public Response handle(Snapshot s, Map<String, List<String>> query) {
    Params p = Params.of(query, cfg, PARAMS);
    List<String> ids = new ArrayList<>(new LinkedHashSet<>(p.ids("product_id")));
    if (ids.isEmpty()) {
      throw ApiException.badRequest("product_id is required (repeat it for each cart product)");
    }
    if (ids.size() > cfg.maxCartProducts()) {
      throw ApiException.badRequest(
          "at most " + cfg.maxCartProducts() + " product_id values, got " + ids.size());
    }
    int limit = p.limit();
    List<Integer> cart = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String id : ids) {
      int code = s.products().find(id);
      if (code < 0) {
        unknown.add(id);
      } else {
        cart.add(code);
      }
    }
    List<CartCombiner.Complement> complements = CartCombiner.combine(s, cart);
    return Response.json(
        200,
        Json.write(
            g -> {
              g.writeStartObject();
              g.writeArrayFieldStart("product_ids");
              for (String id : ids) {
                g.writeString(id);
              }
              g.writeEndArray();
              g.writeArrayFieldStart("unknown_product_ids");
              for (String id : unknown) {
                g.writeString(id);
              }
              g.writeEndArray();
              Items.run(g, s);
              g.writeArrayFieldStart("items");
              for (int i = 0; i < Math.min(limit, complements.size()); i++) {
                CartCombiner.Complement c = complements.get(i);
                g.writeStartObject();
                g.writeNumberField("rank", i + 1);
                g.writeStringField("product_id", c.productId());
                // As a float: the confidences are stored as floats, so more digits would be noise.
                Items.score(g, "score", (float) c.score());
                g.writeStringField("source", c.pinned() ? CartCombiner.PINNED : "bought_together");
                g.writeArrayFieldStart("because");
                for (String b : c.because()) {
                  g.writeString(b);
                }
                g.writeEndArray();
                g.writeEndObject();
              }
              g.writeEndArray();
              g.writeEndObject();
            }));
  }
}
