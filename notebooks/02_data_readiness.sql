-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Data readiness: is the data Collected, Connected, Consumable?
-- MAGIC The `audit` stage's checks, each with its value, thresholds, status and one line of advice,
-- MAGIC and the inputs behind them. Set `warehouse` to the warehouse root.

-- COMMAND ----------
CREATE WIDGET TEXT warehouse DEFAULT 'warehouse';

-- COMMAND ----------
-- MAGIC %md ## The verdicts on the latest run (overall, then per section)

-- COMMAND ----------
SELECT section, status, advice
FROM delta.`${warehouse}/audit_checks`
WHERE run_date = (SELECT max(run_date) FROM delta.`${warehouse}/audit_checks`)
  AND (`check` = 'verdict' OR section = 'overall')
ORDER BY CASE section WHEN 'overall' THEN 0 WHEN 'collected' THEN 1
                      WHEN 'connected' THEN 2 ELSE 3 END;

-- COMMAND ----------
-- MAGIC %md ## Every check, the worst first

-- COMMAND ----------
SELECT section, `check`, round(value, 4) AS value, unit, better, threshold, fail_threshold, status,
       advice, detail
FROM delta.`${warehouse}/audit_checks`
WHERE run_date = (SELECT max(run_date) FROM delta.`${warehouse}/audit_checks`)
  AND `check` <> 'verdict' AND section <> 'overall'
ORDER BY CASE status WHEN 'fail' THEN 0 WHEN 'warn' THEN 1 ELSE 2 END, section, `check`;

-- COMMAND ----------
-- MAGIC %md ## How the readiness moved night over night

-- COMMAND ----------
SELECT run_date, section, status, advice
FROM delta.`${warehouse}/audit_checks`
WHERE `check` = 'verdict' OR section = 'overall'
ORDER BY run_date DESC, section;

-- COMMAND ----------
-- MAGIC %md ## Collected: events per day and type over the last 30 days

-- COMMAND ----------
SELECT event_date, event_type, count(*) AS events
FROM delta.`${warehouse}/events`
WHERE event_date > (SELECT max(event_date) FROM delta.`${warehouse}/events`) - INTERVAL 30 DAYS
GROUP BY event_date, event_type
ORDER BY event_date DESC, event_type;

-- COMMAND ----------
-- MAGIC %md ## Collected: what was rejected, and the share of each reason

-- COMMAND ----------
SELECT reason, count(*) AS rows, round(count(*) / sum(count(*)) OVER (), 4) AS share
FROM delta.`${warehouse}/quarantine`
GROUP BY reason
ORDER BY rows DESC;

-- COMMAND ----------
-- MAGIC %md ## Collected: product ids in events that the catalog does not know (a clean store has none)

-- COMMAND ----------
-- may return no rows
SELECT e.product_id, count(*) AS events, min(e.event_date) AS first_day, max(e.event_date) AS last_day
FROM delta.`${warehouse}/events` e
LEFT ANTI JOIN delta.`${warehouse}/products` p ON p.product_id = e.product_id
WHERE e.product_id IS NOT NULL
GROUP BY e.product_id
ORDER BY events DESC
LIMIT 20;

-- COMMAND ----------
-- MAGIC %md ## Consumable: persons by the number of product events (the cold-start threshold is 3)

-- COMMAND ----------
SELECT CASE WHEN product_events >= 20 THEN '20+'
            WHEN product_events >= 10 THEN '10-19'
            WHEN product_events >= 3 THEN '3-9'
            ELSE cast(product_events AS string) END AS events_band,
       count(*) AS persons
FROM delta.`${warehouse}/person_profile`
GROUP BY 1
ORDER BY min(product_events);

-- COMMAND ----------
-- MAGIC %md ## The collect runs behind the checks (rows read, accepted, quarantined, duplicates)

-- COMMAND ----------
SELECT run_date, status, metrics['read'] AS read, metrics['accepted'] AS accepted,
       metrics['quarantined'] AS quarantined, metrics['duplicates'] AS duplicates,
       metrics['erased'] AS erased
FROM delta.`${warehouse}/job_runs`
WHERE stage = 'collect'
ORDER BY started_at DESC
LIMIT 10;
