-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Recommendation coverage and diversity
-- MAGIC How much of the catalog the lists use, how varied each list is, and how often persons fall
-- MAGIC back to trending. Set `warehouse` to the warehouse root.

-- COMMAND ----------
CREATE WIDGET TEXT warehouse DEFAULT 'warehouse';

-- COMMAND ----------
-- MAGIC %md ## Catalog coverage per placement on the latest run

-- COMMAND ----------
WITH latest AS (SELECT max(run_date) AS d FROM delta.`${warehouse}/recommendations`),
catalog AS (SELECT count(*) AS products,
                   count_if(in_stock) AS in_stock FROM delta.`${warehouse}/products`)
SELECT 'home' AS placement, count(DISTINCT r.product_id) AS products_shown,
       round(count(DISTINCT r.product_id) / first(c.in_stock), 4) AS share_of_in_stock_catalog,
       count(DISTINCT r.person_id) AS lists
FROM delta.`${warehouse}/recommendations` r, latest, catalog c
WHERE r.run_date = latest.d
UNION ALL
SELECT 'product page', count(DISTINCT s.similar_id),
       round(count(DISTINCT s.similar_id) / first(c.in_stock), 4), count(DISTINCT s.product_id)
FROM delta.`${warehouse}/similar_products` s, catalog c
WHERE s.run_date = (SELECT max(run_date) FROM delta.`${warehouse}/similar_products`)
UNION ALL
SELECT 'cart', count(DISTINCT b.complement_id),
       round(count(DISTINCT b.complement_id) / first(c.in_stock), 4), count(DISTINCT b.product_id)
FROM delta.`${warehouse}/bought_together` b, catalog c
WHERE b.run_date = (SELECT max(run_date) FROM delta.`${warehouse}/bought_together`);

-- COMMAND ----------
-- MAGIC %md ## Who gets what: persons per first-ranked source (the fallback ladder)

-- COMMAND ----------
SELECT source, count(*) AS persons, round(count(*) / sum(count(*)) OVER (), 4) AS share
FROM delta.`${warehouse}/recommendations`
WHERE run_date = (SELECT max(run_date) FROM delta.`${warehouse}/recommendations`) AND rank = 1
GROUP BY source
ORDER BY persons DESC;

-- COMMAND ----------
-- MAGIC %md ## Diversity inside a list: distinct categories and top categories per home list

-- COMMAND ----------
SELECT categories, count(*) AS lists
FROM (
  SELECT r.person_id, count(DISTINCT p.category) AS categories
  FROM delta.`${warehouse}/recommendations` r
  JOIN delta.`${warehouse}/products` p USING (product_id)
  WHERE r.run_date = (SELECT max(run_date) FROM delta.`${warehouse}/recommendations`)
  GROUP BY r.person_id
)
GROUP BY categories
ORDER BY categories;

-- COMMAND ----------
-- MAGIC %md ## Concentration: the products shown most often, and the share of all slots they take

-- COMMAND ----------
SELECT r.product_id, first(p.title) AS title, first(p.category) AS category,
       count(*) AS slots, round(count(*) / sum(count(*)) OVER (), 4) AS share_of_slots
FROM delta.`${warehouse}/recommendations` r
LEFT JOIN delta.`${warehouse}/products` p USING (product_id)
WHERE r.run_date = (SELECT max(run_date) FROM delta.`${warehouse}/recommendations`)
GROUP BY r.product_id
ORDER BY slots DESC
LIMIT 20;

-- COMMAND ----------
-- MAGIC %md ## Novelty: how many home picks the person never touched, by source

-- COMMAND ----------
SELECT r.source, count(*) AS picks,
       round(avg(CASE WHEN i.product_id IS NULL THEN 1.0 ELSE 0.0 END), 4) AS share_new_to_person
FROM delta.`${warehouse}/recommendations` r
LEFT JOIN delta.`${warehouse}/interactions` i
  ON i.person_id = r.person_id AND i.product_id = r.product_id
WHERE r.run_date = (SELECT max(run_date) FROM delta.`${warehouse}/recommendations`)
GROUP BY r.source
ORDER BY picks DESC;

-- COMMAND ----------
-- MAGIC %md ## Offline quality of each night's model beside the baselines (NDCG@10)

-- COMMAND ----------
SELECT run_date, algorithm, round(value, 4) AS ndcg_at_10, test_persons
FROM delta.`${warehouse}/evaluations`
WHERE metric = 'ndcg' AND k = 10
ORDER BY run_date DESC, value DESC;
