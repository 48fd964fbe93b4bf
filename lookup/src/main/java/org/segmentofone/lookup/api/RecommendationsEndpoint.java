package org.segmentofone.lookup.api;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.segmentofone.lookup.store.IdType;
import org.segmentofone.lookup.store.RankedLists;
import org.segmentofone.lookup.store.Snapshot;

/**
 * {@code GET /v1/recommendations?id=&id_type=&placement=&limit=}: any identifier in, the person's
 * list out, through the experiment: control gets trending, an unknown id or a person without a list
 * gets trending as {@code fallback}.
 */
public final class RecommendationsEndpoint {
  static final String ANY = "any";
  static final String PERSON_ID = "person_id";
  static final String DEFAULT_PLACEMENT = "home";
  private static final Set<String> PARAMS = Set.of("id", "id_type", "placement", "limit");

  private final ApiConfig cfg;
  private final ExperimentArms arms;

  public RecommendationsEndpoint(ApiConfig cfg) {
    this.cfg = cfg;
    this.arms = new ExperimentArms(cfg.experiment());
  }

  public Response handle(Snapshot s, Map<String, List<String>> query) {
    Params p = Params.of(query, cfg, PARAMS);
    String id = p.requiredId("id");
    String idType = p.optional("id_type", ANY);
    String placement = p.optional("placement", DEFAULT_PLACEMENT);
    int limit = p.limit();
    RankedLists lists = s.placement(placement);
    if (lists == null) {
      throw ApiException.badRequest(
          "unknown placement '"
              + Params.printable(placement, 64)
              + "' (known: "
              + String.join(", ", new TreeSet<>(s.placements()))
              + ")");
    }
    Resolution who = Resolution.of(s, id, idType);
    String arm = who.person() < 0 ? null : arms.arm(s.persons().get(who.person()));
    return Response.json(
        200,
        Json.write(
            g -> {
              g.writeStartObject();
              if (who.person() < 0) {
                g.writeNullField("person_id");
              } else {
                g.writeFieldName("person_id");
                Json.string(g, s.persons(), who.person());
              }
              g.writeStringField("matched_id_type", who.matchedType());
              g.writeStringField("merged_from", who.mergedFrom());
              g.writeStringField("experiment", cfg.experiment().name());
              g.writeStringField("arm", arm);
              g.writeStringField("placement", placement);
              Items.run(g, s);
              int from = lists.begin(who.person());
              int to = lists.end(who.person());
              if (who.person() < 0) {
                Items.trending(g, s, limit, "fallback", "trending:unknown_id");
              } else if (ExperimentArms.CONTROL.equals(arm)) {
                Items.trending(g, s, limit, "trending", "experiment:control");
              } else if (from == to) {
                Items.trending(g, s, limit, "fallback", "trending:no_list");
              } else {
                Items.write(g, s, lists, from, Math.min(to, from + limit));
              }
              g.writeEndObject();
            }));
  }

  /**
   * Who an id is: its person code (-1: unknown), the id type that matched, and the former person id
   * it was followed from.
   */
  record Resolution(int person, String matchedType, String mergedFrom) {
    static Resolution of(Snapshot s, String id, String idType) {
      if (!idType.equals(ANY) && !idType.equals(PERSON_ID) && IdType.of(idType).isEmpty()) {
        throw ApiException.badRequest(
            "id_type must be one of any, user_id, email_hash, anonymous_id, person_id, got '"
                + Params.printable(idType, 64)
                + "'");
      }
      for (IdType t : IdType.values()) {
        if (idType.equals(ANY) || idType.equals(t.column())) {
          int person = s.identities().person(t, t.normalise(id));
          if (person >= 0) {
            return new Resolution(person, t.column(), null);
          }
        }
      }
      if (idType.equals(ANY) || idType.equals(PERSON_ID)) {
        int person = s.persons().find(id);
        if (person >= 0) {
          return new Resolution(person, PERSON_ID, null);
        }
        int successor = s.identities().successor(id);
        if (successor >= 0) {
          return new Resolution(successor, PERSON_ID, id);
        }
      }
      return new Resolution(-1, null, null);
    }
  }
}
