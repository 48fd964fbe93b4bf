package org.segmentofone.lookup.service;

import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.segmentofone.lookup.api.ApiConfig;
import org.segmentofone.lookup.api.ApiException;
import org.segmentofone.lookup.api.CartComplementsEndpoint;
import org.segmentofone.lookup.api.Json;
import org.segmentofone.lookup.api.RecommendationsEndpoint;
import org.segmentofone.lookup.api.Response;
import org.segmentofone.lookup.api.SimilarProductsEndpoint;
import org.segmentofone.lookup.service.Metrics.Endpoint;
import org.segmentofone.lookup.store.Snapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps a request to its endpoint: unknown path 404, another method than GET 405, no valid API key
 * 401, no snapshot yet 503; errors become JSON bodies with a message and never a stack trace.
 */
final class Router {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);
  private static final String SIMILAR_PREFIX = "/v1/products/";
  private static final String SIMILAR_SUFFIX = "/similar";

  /** The answer and the endpoint it is counted under. */
  record Routed(Endpoint endpoint, Response response) {}

  private final Reloader reloader;
  private final ApiKeys keys;
  private final boolean openOps;
  private final Metrics metrics;
  private final HealthEndpoint health;
  private final RecommendationsEndpoint recommendations;
  private final SimilarProductsEndpoint similar;
  private final CartComplementsEndpoint complements;

  Router(LookupConfig cfg, Reloader reloader, Metrics metrics, HealthEndpoint health) {
    ApiConfig api = cfg.api();
    this.reloader = reloader;
    this.keys = new ApiKeys(cfg.security().apiKeys());
    this.openOps = cfg.security().openOpsEndpoints();
    this.metrics = metrics;
    this.health = health;
    this.recommendations = new RecommendationsEndpoint(api);
    this.similar = new SimilarProductsEndpoint(api);
    this.complements = new CartComplementsEndpoint(api);
  }

  Routed route(String method, String uri, String apiKey) {
    QueryStringDecoder query = new QueryStringDecoder(uri, StandardCharsets.UTF_8);
    String path = query.rawPath();
    Endpoint endpoint = endpoint(path);
    try {
      return new Routed(endpoint, answer(endpoint, method, path, query, apiKey));
    } catch (ApiException e) {
      return new Routed(endpoint, Json.error(e.status(), e.getMessage()));
    } catch (RuntimeException e) {
      LOG.error("{} {} failed", method, path.length() > 200 ? path.substring(0, 200) : path, e);
      return new Routed(endpoint, Json.error(500, "internal error; the service log has details"));
    }
  }

  private Response answer(
      Endpoint endpoint, String method, String path, QueryStringDecoder query, String apiKey) {
    if (endpoint == Endpoint.UNKNOWN) {
      throw new ApiException(404, "no such route: " + printable(path));
    }
    if (!method.equals("GET")) {
      throw new ApiException(405, "only GET is supported, got " + printable(method));
    }
    boolean ops = endpoint == Endpoint.HEALTH || endpoint == Endpoint.METRICS;
    if (!(ops && openOps) && !keys.accepts(apiKey)) {
      throw new ApiException(401, "a valid API key is required");
    }
    Snapshot s = reloader.current();
    switch (endpoint) {
      case HEALTH:
        return health.handle(s, reloader.status());
      case METRICS:
        return Response.text(200, Response.PROMETHEUS, metrics.render(s, reloader.status()));
      default:
        break;
    }
    if (s == null) {
      throw new ApiException(503, "no snapshot loaded yet (see /health)");
    }
    Map<String, List<String>> params = parameters(query);
    return switch (endpoint) {
      case RECOMMENDATIONS -> recommendations.handle(s, params);
      case CART_COMPLEMENTS -> complements.handle(s, params);
      case SIMILAR_PRODUCTS -> similar.handle(s, productId(path), params);
      default -> throw new IllegalStateException("unrouted endpoint " + endpoint);
    };
  }

  private static Endpoint endpoint(String path) {
    return switch (path) {
      case "/v1/recommendations" -> Endpoint.RECOMMENDATIONS;
      case "/v1/cart/complements" -> Endpoint.CART_COMPLEMENTS;
      case "/health" -> Endpoint.HEALTH;
      case "/metrics" -> Endpoint.METRICS;
      default ->
          path.startsWith(SIMILAR_PREFIX)
                  && path.endsWith(SIMILAR_SUFFIX)
                  && path.length() > SIMILAR_PREFIX.length() + SIMILAR_SUFFIX.length()
                  && productSegment(path).indexOf('/') < 0
              ? Endpoint.SIMILAR_PRODUCTS
              : Endpoint.UNKNOWN;
    };
  }

  private static String productSegment(String path) {
    return path.substring(SIMILAR_PREFIX.length(), path.length() - SIMILAR_SUFFIX.length());
  }

  /** The product id of {@code /v1/products/{id}/similar}, percent-decoded ('+' stays '+'). */
  private static String productId(String path) {
    try {
      return QueryStringDecoder.decodeComponent(
          productSegment(path).replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "malformed percent-encoding in the product id");
    }
  }

  private static Map<String, List<String>> parameters(QueryStringDecoder query) {
    try {
      return query.parameters();
    } catch (IllegalArgumentException e) {
      throw new ApiException(400, "malformed query string: " + e.getMessage());
    }
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 100; i++) {
      char c = s.charAt(i);
      b.append(c >= 0x20 && c < 0x7F ? c : '?');
    }
    return b.toString();
  }
}
