-- Databricks notebook source
-- MAGIC %md
-- MAGIC # Identity graph explorer: who is who, and where the guardrails held
-- MAGIC `connect` turns devices (`anonymous_id`), accounts (`user_id`) and e-mail captures
-- MAGIC (`email_hash`) into persons. Set `warehouse` to the warehouse root; set `id_type` and
-- MAGIC `id_value` to look at one identifier's person.

-- COMMAND ----------
CREATE WIDGET TEXT warehouse DEFAULT 'warehouse';

-- COMMAND ----------
CREATE WIDGET TEXT id_type DEFAULT 'user_id';

-- COMMAND ----------
CREATE WIDGET TEXT id_value DEFAULT '';

-- COMMAND ----------
-- MAGIC %md ## The identity funnel on the latest run: identifiers by type, persons by what they hold

-- COMMAND ----------
SELECT id_type, count(*) AS identifiers, count(DISTINCT person_id) AS persons,
       sum(event_count) AS events
FROM delta.`${warehouse}/identity_map`
WHERE run_date = (SELECT max(run_date) FROM delta.`${warehouse}/identity_map`)
GROUP BY id_type
ORDER BY id_type;

-- COMMAND ----------
SELECT CASE WHEN has_user THEN 'known customer (account)'
            WHEN has_email THEN 'known by e-mail only'
            ELSE 'anonymous' END AS person_kind,
       count(*) AS persons,
       round(avg(devices), 2) AS avg_devices,
       sum(CASE WHEN devices > 1 THEN 1 ELSE 0 END) AS cross_device_persons,
       sum(events) AS events
FROM (
  SELECT person_id,
         max(id_type = 'user_id') AS has_user,
         max(id_type = 'email_hash') AS has_email,
         count_if(id_type = 'anonymous_id') AS devices,
         sum(event_count) AS events
  FROM delta.`${warehouse}/identity_map`
  WHERE run_date = (SELECT max(run_date) FROM delta.`${warehouse}/identity_map`)
  GROUP BY person_id
)
GROUP BY 1
ORDER BY persons DESC;

-- COMMAND ----------
-- MAGIC %md ## The largest persons (a very large one is worth a look: is a device shared?)

-- COMMAND ----------
SELECT person_id, count(*) AS identifiers,
       count_if(id_type = 'anonymous_id') AS devices,
       count_if(id_type = 'user_id') AS accounts,
       count_if(id_type = 'email_hash') AS emails,
       sum(event_count) AS events
FROM delta.`${warehouse}/identity_map`
WHERE run_date = (SELECT max(run_date) FROM delta.`${warehouse}/identity_map`)
GROUP BY person_id
ORDER BY identifiers DESC, events DESC
LIMIT 20;

-- COMMAND ----------
-- MAGIC %md ## Guardrails: shared devices and blocked values kept from linking

-- COMMAND ----------
SELECT reason, id_type, count(*) AS identifiers, sum(event_count) AS events,
       max(distinct_users) AS most_users_on_one
FROM delta.`${warehouse}/identity_suspects`
WHERE run_date = (SELECT max(run_date) FROM delta.`${warehouse}/identity_suspects`)
GROUP BY reason, id_type
ORDER BY identifiers DESC;

-- COMMAND ----------
-- MAGIC %md ## Links kept and cut on the latest run

-- COMMAND ----------
SELECT split_part(src, ':', 1) AS from_type, split_part(dst, ':', 1) AS to_type,
       linked, count(*) AS edges, sum(event_count) AS events
FROM delta.`${warehouse}/identity_edges`
WHERE run_date = (SELECT max(run_date) FROM delta.`${warehouse}/identity_edges`)
GROUP BY 1, 2, 3
ORDER BY edges DESC;

-- COMMAND ----------
-- MAGIC %md ## Person ids that changed, per run (logins merging visitors, splits, renames)

-- COMMAND ----------
-- may return no rows: a store's first night has no earlier map whose person ids could change
SELECT run_date, change, count(*) AS person_ids, sum(identifiers) AS identifiers_moved
FROM delta.`${warehouse}/identity_merges`
GROUP BY run_date, change
ORDER BY run_date DESC, change;

-- COMMAND ----------
-- MAGIC %md ## One identifier: its person today, everything that person holds, and its history

-- COMMAND ----------
WITH person AS (
  SELECT person_id FROM delta.`${warehouse}/identity_map`
  WHERE id_type = '${id_type}' AND id_value = '${id_value}'
    AND run_date = (SELECT max(run_date) FROM delta.`${warehouse}/identity_map`)
)
SELECT m.id_type, m.id_value, m.person_id, m.first_seen, m.last_seen, m.event_count
FROM delta.`${warehouse}/identity_map` m
JOIN person USING (person_id)
WHERE m.run_date = (SELECT max(run_date) FROM delta.`${warehouse}/identity_map`)
ORDER BY m.id_type, m.first_seen;

-- COMMAND ----------
SELECT run_date, person_id
FROM delta.`${warehouse}/identity_map`
WHERE id_type = '${id_type}' AND id_value = '${id_value}'
ORDER BY run_date DESC;
