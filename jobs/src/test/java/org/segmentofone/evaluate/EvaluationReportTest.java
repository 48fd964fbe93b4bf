package org.segmentofone.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {
  private static EvaluationReport.Content content(boolean approved, String reason) {
    return new EvaluationReport.Content(
        "2026-11-22",
        "2026-11-22",
        "2026-11-16",
        912,
        approved,
        reason,
        "ndcg@10",
        List.of(
            new EvaluationReport.Value("als", "ndcg", 10, 0.2595),
            new EvaluationReport.Value("als", "ndcg", 20, 0.3063),
            new EvaluationReport.Value("popularity", "ndcg", 10, 0.0408),
            new EvaluationReport.Value("popularity", "ndcg", 20, 0.0565),
            new EvaluationReport.Value("als", "recall", 10, 0.41),
            new EvaluationReport.Value("popularity", "recall", 10, 0.07),
            new EvaluationReport.Value("als", "fallback_share", 0, 0.0789)),
        List.of(
            new EvaluationReport.Candidate(0, 32, 0.05, 10.0, true, null, 0.2652, false),
            new EvaluationReport.Candidate(1, 64, 0.05, 0.3, false, null, 0.2696, true)));
  }

  @Test
  void thePageShowsTheVerdictAChartPerMetricAndEveryValue() {
    String html = EvaluationReport.html(content(true, "beats popularity"));
    assertThat(html)
        .startsWith("<!DOCTYPE html>")
        .contains("Approved for publication", "beats popularity");
    // ndcg and recall have cut-offs: one chart each; the fallback share is only in the table.
    assertThat(html.split("<svg", -1)).hasSize(3);
    assertThat(html).contains("0.2595", "0.0565", "0.0789", "fallback_share");
    assertThat(html).contains("1 (chosen)", "0 (configured)");
    assertThat(html).doesNotContain("<script", "src=\"http", "href=\"http");
  }

  @Test
  void aRefusalIsShownAsSuchAndTextIsEscaped() {
    String html = EvaluationReport.html(content(false, "model <b> & co"));
    assertThat(html).contains("Refused", "model &lt;b&gt; &amp; co").doesNotContain("<b>");
  }
}
