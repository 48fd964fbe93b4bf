"""Segment of One: the nightly pipeline, one spark-submit task per stage.

Every stage is idempotent for its run date ({{ ds }}), so Airflow's retries and a manual
"clear" never duplicate data. The order is the launcher's own `nightly` order; a test in the
project (AirflowDagTest) parses this file and checks it against the launcher's stages.

Airflow Variables (Admin > Variables):
  segment_of_one_jar   path or URL of segment-of-one-jobs-<version>-spark.jar (`mvn package`)
  segment_of_one_conf  the HOCON config file for the cluster (see conf/cluster.conf)
Environment of the scheduler: SEGMENT_OF_ONE_SPARK_CONN, the Spark connection id (default
"spark_default": master, deploy mode, spark-submit binary).

The gate: `evaluate` exits with code 3 when it refuses the new model. That fails the task
without retries (a refusal is a verdict, not a transient error), so `recommend` never runs and
yesterday's recommendations stay the ones served. The readiness audit and the experiment
readout still run: they do not depend on the model.

Targets Airflow 2.x with apache-airflow-providers-apache-spark (spark-submit on the worker's
PATH or SPARK_HOME in the connection). Run in client deploy mode, or YARN cluster mode, so that
the driver's exit code reaches Airflow.
"""

import os
from datetime import datetime, timedelta

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.utils.trigger_rule import TriggerRule

MAIN_CLASS = "org.segmentofone.Main"
JAR = "{{ var.value.segment_of_one_jar }}"
CONF = "{{ var.value.segment_of_one_conf }}"
# conn_id is not templated: read from the scheduler's environment (cheap at parse time).
SPARK_CONN = os.environ.get("SEGMENT_OF_ONE_SPARK_CONN", "spark_default")
GATE_REFUSED = 3

# The pipeline's stages in the order `nightly` runs them (the launcher's Pipeline.NIGHTLY).
STAGES = [
    "collect",
    "connect",
    "consume",
    "train",
    "evaluate",
    "recommend",
    "audit",
    "measure",
]

# Reports that describe the data, not the model: they run whatever the gate said.
RUN_AFTER_ANY_VERDICT = {"audit", "measure"}


class StageSubmitOperator(SparkSubmitOperator):
    """spark-submit of one stage; the gate's refusal (exit code 3) fails without retries."""

    def execute(self, context):
        try:
            return super().execute(context)
        except AirflowException as error:
            hook = getattr(self, "_hook", None)
            code = getattr(hook, "_spark_exit_code", None)
            if code == GATE_REFUSED:
                raise AirflowFailException(
                    f"the gate refused the model for {context['ds']}: nothing published"
                ) from error
            raise


default_args = {
    "owner": "data-engineering",
    # Not depends_on_past: a night the gate refused must not block the next one (max_active_runs
    # keeps nights in order).
    "depends_on_past": False,
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
    "retry_exponential_backoff": True,
    "sla": timedelta(hours=4),
}

with DAG(
    dag_id="segment_of_one_nightly",
    description="Collect, connect, consume, train, evaluate, recommend, audit, measure",
    schedule="0 2 * * *",  # after the store's event export for the day has landed
    start_date=datetime(2026, 11, 1),
    catchup=False,
    max_active_runs=1,  # nights run one after another
    default_args=default_args,
    tags=["segment-of-one", "recommendations"],
) as dag:
    previous = None
    for stage in STAGES:
        task = StageSubmitOperator(
            task_id=stage,
            conn_id=SPARK_CONN,
            application=JAR,
            java_class=MAIN_CLASS,
            name=f"segment-of-one-{stage}-{{{{ ds }}}}",
            application_args=[
                stage,
                "--conf",
                CONF,
                "--run-date",
                "{{ ds }}",
                # The launcher takes [A-Za-z0-9_.:-]{1,64}: the logical time, stage and try.
                "--run-id",
                "af-{{ ts_nodash }}-" + stage + "-{{ ti.try_number }}",
            ],
            trigger_rule=(
                TriggerRule.ALL_DONE if stage in RUN_AFTER_ANY_VERDICT else TriggerRule.ALL_SUCCESS
            ),
        )
        if previous is not None:
            previous >> task
        previous = task
