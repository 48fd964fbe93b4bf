-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Experiment readout: did personalisation pay off?
-- MAGIC The `measure` stage's readout (`experiment_readouts`, docs/tables.md): per experiment,
-- MAGIC period (the baseline before launch, the experiment after it) and arm, each metric with its
-- MAGIC 95% interval, and the treatment's lift over control with its interval, p-value, minimum
-- MAGIC detectable effect and the days still needed. The current readout of a run is
-- MAGIC `as_of = window_end`; earlier `as_of` days show how it built up. Set `warehouse` to the
-- MAGIC warehouse root.

-- COMMAND ----------
CREATE WIDGET TEXT warehouse DEFAULT 'warehouse';

-- COMMAND ----------
-- MAGIC %md ## The headline: lift of each ratio metric in the experiment window (latest run)

-- COMMAND ----------
SELECT experiment, arm, metric, round(value, 4) AS value,
       round(lift, 4) AS lift, round(lift_ci_low, 4) AS lift_ci_low,
       round(lift_ci_high, 4) AS lift_ci_high, round(p_value, 4) AS p_value,
       p_value < 0.05 AS significant, round(mde, 4) AS mde, days_needed
FROM delta.`${warehouse}/experiment_readouts`
WHERE run_date = (SELECT max(run_date) FROM delta.`${warehouse}/experiment_readouts`)
  AND period = 'experiment' AND as_of = window_end AND lift IS NOT NULL
  AND metric IN ('conversion_rate', 'aov', 'revenue_per_session', 'rec_revenue_share')
ORDER BY experiment, metric, arm;

-- COMMAND ----------
-- MAGIC %md ## Every metric per arm and period, with its interval

-- COMMAND ----------
SELECT experiment, period, window_start, window_end, arm, metric, round(value, 4) AS value,
       round(ci_low, 4) AS ci_low, round(ci_high, 4) AS ci_high, persons
FROM delta.`${warehouse}/experiment_readouts`
WHERE run_date = (SELECT max(run_date) FROM delta.`${warehouse}/experiment_readouts`)
  AND as_of = window_end
ORDER BY experiment, period, metric, arm;

-- COMMAND ----------
-- MAGIC %md ## Is the split healthy? Persons per arm (sample-ratio check) and persons in both arms
-- MAGIC A significant difference before launch (the baseline's lift) points at a broken split, not
-- MAGIC at the recommendations.

-- COMMAND ----------
SELECT experiment, period, arm, persons, mixed_persons,
       round(srm_p_value, 4) AS sample_ratio_p_value
FROM delta.`${warehouse}/experiment_readouts`
WHERE run_date = (SELECT max(run_date) FROM delta.`${warehouse}/experiment_readouts`)
  AND as_of = window_end AND metric = 'conversion_rate'
ORDER BY experiment, period, arm;

-- COMMAND ----------
-- MAGIC %md ## Revenue from recommendations: clicks, attributed revenue and its share, per arm

-- COMMAND ----------
SELECT experiment, arm,
       max(CASE WHEN metric = 'rec_clicks' THEN value END) AS rec_clicks,
       round(max(CASE WHEN metric = 'rec_revenue' THEN value END), 2) AS rec_revenue,
       round(max(CASE WHEN metric = 'revenue' THEN value END), 2) AS revenue,
       round(max(CASE WHEN metric = 'rec_revenue_share' THEN value END), 4) AS rec_revenue_share
FROM delta.`${warehouse}/experiment_readouts`
WHERE run_date = (SELECT max(run_date) FROM delta.`${warehouse}/experiment_readouts`)
  AND period = 'experiment' AND as_of = window_end
GROUP BY experiment, arm
ORDER BY experiment, arm;

-- COMMAND ----------
-- MAGIC %md ## The lift of conversion by day since launch (how the estimate settled)

-- COMMAND ----------
SELECT experiment, arm, days AS days_since_launch, round(lift, 4) AS lift,
       round(lift_ci_low, 4) AS lift_ci_low, round(lift_ci_high, 4) AS lift_ci_high,
       p_value < 0.05 AS significant
FROM delta.`${warehouse}/experiment_readouts`
WHERE run_date = (SELECT max(run_date) FROM delta.`${warehouse}/experiment_readouts`)
  AND period = 'experiment' AND metric = 'conversion_rate' AND lift IS NOT NULL
ORDER BY experiment, arm, days;
