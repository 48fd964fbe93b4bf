package org.segmentofone.measure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.List;

/** The experiment report's JSON twin: the verdicts and the current readout of every window. */
public final class MeasureJson {
  private MeasureJson() {}

  /** Verdicts and every final readout row (the day-by-day rows are in the table). */
  public static String of(
      LocalDate runDate, List<ReadoutRow> rows, List<Verdict> verdicts, MeasureConfig cfg) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    root.put("run_date", runDate.toString());
    root.put("alpha", cfg.alpha());
    root.put("control_arm", cfg.controlArm());
    root.put("primary_metric", cfg.primaryMetric().key());
    ArrayNode vs = root.putArray("verdicts");
    for (Verdict v : verdicts) {
      ObjectNode o = vs.addObject();
      o.put("experiment", v.experiment());
      o.put("arm", v.arm());
      o.put("metric", v.metric().key());
      o.put("headline", v.headline());
      o.put("significant", v.significant());
      o.put("srm_alert", v.srmAlert());
      v.notes().forEach(o.putArray("notes")::add);
    }
    ArrayNode rs = root.putArray("readouts");
    for (ReadoutRow r : rows) {
      if (!r.isFinal()) {
        continue;
      }
      ObjectNode o = rs.addObject();
      o.put("experiment", r.experiment());
      o.put("period", r.period());
      o.put("window_start", r.windowStart().toString());
      o.put("window_end", r.windowEnd().toString());
      o.put("arm", r.arm());
      o.put("metric", r.metric());
      num(o, "value", r.value());
      num(o, "ci_low", r.ciLow());
      num(o, "ci_high", r.ciHigh());
      num(o, "control_value", r.controlValue());
      num(o, "lift", r.lift());
      num(o, "lift_ci_low", r.liftLow());
      num(o, "lift_ci_high", r.liftHigh());
      num(o, "p_value", r.pValue());
      num(o, "mde", r.mde());
      if (r.daysNeeded() >= 0) {
        o.put("days_needed", r.daysNeeded());
      } else {
        o.putNull("days_needed");
      }
      o.put("persons", r.persons());
      o.put("sessions", r.sessions());
      o.put("mixed_persons", r.mixedPersons());
      num(o, "srm_p_value", r.srmPValue());
    }
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void num(ObjectNode o, String key, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      o.putNull(key);
    } else {
      o.put(key, v);
    }
  }
}
