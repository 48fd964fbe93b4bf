-- Databricks notebook source
-- MAGIC %md
-- MAGIC # What did person X see on date D, and why?
-- MAGIC Any identifier works (a customer id, an e-mail hash, a device id): the newest
-- MAGIC `identity_map` names the person, `identity_merges` adds the person ids they had before a
-- MAGIC login merged them. Set `warehouse`, `id_type`, `id_value` and `run_date` (the night).

-- COMMAND ----------
CREATE WIDGET TEXT warehouse DEFAULT 'warehouse';

-- COMMAND ----------
CREATE WIDGET TEXT id_type DEFAULT 'user_id';

-- COMMAND ----------
CREATE WIDGET TEXT id_value DEFAULT '';

-- COMMAND ----------
CREATE WIDGET TEXT run_date DEFAULT '2026-11-22';

-- COMMAND ----------
-- MAGIC %md ## The list on the home page that night, with the reason for each product

-- COMMAND ----------
WITH person AS (
  SELECT person_id FROM delta.`${warehouse}/identity_map`
  WHERE id_type = '${id_type}' AND id_value = '${id_value}'
    AND run_date = (SELECT max(run_date) FROM delta.`${warehouse}/identity_map`)
), ids AS (
  SELECT person_id FROM person
  UNION SELECT m.old_person_id FROM delta.`${warehouse}/identity_merges` m
  JOIN person p ON m.new_person_id = p.person_id
)
SELECT r.rank, r.product_id, p.title, p.category, round(r.score, 4) AS score, r.source,
       r.reason,
       CASE WHEN r.reason LIKE 'viewed:%' OR r.reason LIKE 'carted:%' OR r.reason LIKE 'bought:%'
            THEN (SELECT first(x.title) FROM delta.`${warehouse}/products` x
                  WHERE x.product_id = split_part(r.reason, ':', 2))
       END AS because_of,
       r.model_version
FROM delta.`${warehouse}/recommendations` r
JOIN ids ON ids.person_id = r.person_id
LEFT JOIN delta.`${warehouse}/products` p ON p.product_id = r.product_id
WHERE r.run_date = DATE'${run_date}' AND r.placement = 'home'
ORDER BY r.rank;

-- COMMAND ----------
-- MAGIC %md ## What the person did before that night (the history the list was built from)

-- COMMAND ----------
WITH person AS (
  SELECT person_id FROM delta.`${warehouse}/identity_map`
  WHERE id_type = '${id_type}' AND id_value = '${id_value}'
    AND run_date = (SELECT max(run_date) FROM delta.`${warehouse}/identity_map`)
), ids AS (
  SELECT m.id_type, m.id_value FROM delta.`${warehouse}/identity_map` m
  JOIN person USING (person_id)
  WHERE m.run_date = (SELECT max(run_date) FROM delta.`${warehouse}/identity_map`)
)
SELECT e.event_time, e.event_type, e.product_id, p.title, p.category, e.price, e.device_type
FROM delta.`${warehouse}/events` e
LEFT JOIN delta.`${warehouse}/products` p ON p.product_id = e.product_id
WHERE e.event_date <= DATE'${run_date}'
  AND (e.user_id IN (SELECT id_value FROM ids WHERE id_type = 'user_id')
    OR e.email_hash IN (SELECT id_value FROM ids WHERE id_type = 'email_hash')
    OR e.anonymous_id IN (SELECT id_value FROM ids WHERE id_type = 'anonymous_id'))
ORDER BY e.event_time DESC
LIMIT 50;

-- COMMAND ----------
-- MAGIC %md ## Their interactions as the model saw them (weighted, time-decayed confidence)

-- COMMAND ----------
WITH person AS (
  SELECT person_id FROM delta.`${warehouse}/identity_map`
  WHERE id_type = '${id_type}' AND id_value = '${id_value}'
    AND run_date = (SELECT max(run_date) FROM delta.`${warehouse}/identity_map`)
)
SELECT i.product_id, p.title, round(i.confidence, 3) AS confidence, i.views, i.carts,
       i.purchases, i.last_event_time
FROM delta.`${warehouse}/interactions` i
JOIN person USING (person_id)
LEFT JOIN delta.`${warehouse}/products` p USING (product_id)
ORDER BY i.confidence DESC;

-- COMMAND ----------
-- MAGIC %md ## The model that served the list, and the gate's verdict on it

-- COMMAND ----------
SELECT version, status, gate_reason, rank, reg_param, alpha, blend_weight, similarity,
       validation_ndcg, persons, products, interactions
FROM delta.`${warehouse}/model_runs`
WHERE version = (SELECT max(model_version) FROM delta.`${warehouse}/recommendations`
                 WHERE run_date = DATE'${run_date}');
