-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Nightly results: what did the pipeline do, and what does a person get?
-- MAGIC Set `warehouse` to the warehouse root (`paths.warehouse`); locally that is `warehouse`
-- MAGIC after `bin/segment-of-one nightly`.

-- COMMAND ----------
CREATE WIDGET TEXT warehouse DEFAULT 'warehouse';

-- COMMAND ----------
-- MAGIC %md ## The last runs of every stage

-- COMMAND ----------
SELECT stage, run_date, status, round(duration_ms / 1000, 1) AS seconds, rows_in, rows_out, message
FROM delta.`${warehouse}/job_runs`
ORDER BY started_at DESC
LIMIT 20;

-- COMMAND ----------
-- MAGIC %md ## Collect: what was rejected, and why

-- COMMAND ----------
SELECT event_date, reason, count(*) AS rows
FROM delta.`${warehouse}/quarantine`
GROUP BY event_date, reason
ORDER BY event_date DESC, rows DESC;

-- COMMAND ----------
-- MAGIC %md ## Connect: identifiers per person, and the largest persons

-- COMMAND ----------
SELECT identifiers, count(*) AS persons
FROM (SELECT person_id, count(*) AS identifiers FROM delta.`${warehouse}/identity_map`
      WHERE run_date = (SELECT max(run_date) FROM delta.`${warehouse}/identity_map`)
      GROUP BY person_id)
GROUP BY identifiers
ORDER BY identifiers;

-- COMMAND ----------
SELECT id_type, id_value, reason, distinct_users, event_count, first_seen, last_seen
FROM delta.`${warehouse}/identity_suspects`
WHERE run_date = (SELECT max(run_date) FROM delta.`${warehouse}/identity_suspects`)
ORDER BY distinct_users DESC NULLS LAST;

-- COMMAND ----------
-- MAGIC %md Person ids that changed on the latest run (a login merged a visitor into a customer, a shared device was split off)

-- COMMAND ----------
-- may return no rows: the first night has no earlier map to compare with
SELECT change, count(*) AS persons, sum(identifiers) AS identifiers_moved
FROM delta.`${warehouse}/identity_merges`
WHERE run_date = (SELECT max(run_date) FROM delta.`${warehouse}/identity_map`)
GROUP BY change;

-- COMMAND ----------
-- MAGIC %md ## Recommend: how persons were served on the latest run

-- COMMAND ----------
SELECT source, reason, count(DISTINCT person_id) AS persons
FROM delta.`${warehouse}/recommendations`
WHERE run_date = (SELECT max(run_date) FROM delta.`${warehouse}/recommendations`)
GROUP BY source, reason
ORDER BY persons DESC;

-- COMMAND ----------
-- MAGIC %md ## One person: history and recommendations side by side

-- COMMAND ----------
WITH someone AS (
  SELECT person_id FROM delta.`${warehouse}/person_profile` ORDER BY purchases DESC LIMIT 1
)
SELECT 'history' AS kind, i.product_id, p.title, p.category, round(i.confidence, 2) AS value
FROM delta.`${warehouse}/interactions` i
JOIN someone USING (person_id)
JOIN delta.`${warehouse}/products` p USING (product_id)
UNION ALL
SELECT 'recommended', r.product_id, p.title, p.category, r.rank
FROM delta.`${warehouse}/recommendations` r
JOIN someone USING (person_id)
JOIN delta.`${warehouse}/products` p USING (product_id)
WHERE r.run_date = (SELECT max(run_date) FROM delta.`${warehouse}/recommendations`)
ORDER BY kind, value DESC;
