-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Experiment readout: did personalisation pay off?
-- MAGIC The `measure` stage's readout: per experiment, window (the baseline before launch, the
-- MAGIC experiment after it) and arm, each metric with its 95% interval, and the treatment's lift
-- MAGIC over control with its interval, p-value, minimum detectable effect and the days still
-- MAGIC needed. Set `warehouse` to the warehouse root.

-- COMMAND ----------
CREATE WIDGET TEXT warehouse DEFAULT 'warehouse';

-- COMMAND ----------
-- MAGIC %md ## The headline: lift of each ratio metric in the experiment window (latest run)

-- COMMAND ----------
SELECT experiment, arm, metric, round(value, 4) AS value,
       round(lift, 4) AS lift, round(lift_low, 4) AS lift_low, round(lift_high, 4) AS lift_high,
       round(p_value, 4) AS p_value, significant, round(mde, 4) AS mde, days_needed
FROM delta.`${warehouse}/experiment_readouts`
WHERE run_date = (SELECT max(run_date) FROM delta.`${warehouse}/experiment_readouts`)
  AND window = 'experiment' AND lift IS NOT NULL
  AND metric IN ('conversion_rate', 'aov', 'revenue_per_session', 'rec_revenue_share')
ORDER BY experiment, metric, arm;

-- COMMAND ----------
-- MAGIC %md ## Every metric per arm and window, with its interval

-- COMMAND ----------
SELECT experiment, window, window_start, window_end, arm, metric, round(value, 4) AS value,
       round(ci_low, 4) AS ci_low, round(ci_high, 4) AS ci_high, persons
FROM delta.`${warehouse}/experiment_readouts`
WHERE run_date = (SELECT max(run_date) FROM delta.`${warehouse}/experiment_readouts`)
ORDER BY experiment, window, metric, arm;

-- COMMAND ----------
-- MAGIC %md ## Is the split healthy? Persons per arm (sample-ratio check) and the baseline's lift
-- MAGIC A significant difference before launch points at a broken split, not at the recommendations.

-- COMMAND ----------
SELECT experiment, window, arm, value AS persons, round(p_value, 4) AS sample_ratio_p_value
FROM delta.`${warehouse}/experiment_readouts`
WHERE run_date = (SELECT max(run_date) FROM delta.`${warehouse}/experiment_readouts`)
  AND metric = 'persons'
ORDER BY experiment, window, arm;

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
  AND window = 'experiment'
GROUP BY experiment, arm
ORDER BY experiment, arm;

-- COMMAND ----------
-- MAGIC %md ## The lift of conversion night by night (how the estimate settled)

-- COMMAND ----------
SELECT run_date, experiment, arm, round(lift, 4) AS lift, round(lift_low, 4) AS lift_low,
       round(lift_high, 4) AS lift_high, significant
FROM delta.`${warehouse}/experiment_readouts`
WHERE window = 'experiment' AND metric = 'conversion_rate' AND lift IS NOT NULL
ORDER BY run_date DESC, experiment, arm;
