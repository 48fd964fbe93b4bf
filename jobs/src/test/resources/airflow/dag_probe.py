"""Loads an Airflow DAG file with stand-ins for the few Airflow classes it uses, then prints its
tasks, their upstreams and their spark-submit arguments as JSON. Airflow itself cannot be
installed here; this runs the DAG file's own code, so a typo or a wrong order fails the test."""

import json
import runpy
import sys
import types

tasks = []
dags = []


class DAG:
    def __init__(self, dag_id, **kwargs):
        self.dag_id = dag_id
        self.kwargs = kwargs
        self.default_args = kwargs.get("default_args", {})
        dags.append(self)

    def __enter__(self):
        DAG.current = self
        return self

    def __exit__(self, *exc):
        DAG.current = None
        return False


DAG.current = None


class BaseOperator:
    def __init__(self, task_id, **kwargs):
        if DAG.current is None:
            raise RuntimeError(f"task {task_id} created outside a DAG")
        self.task_id = task_id
        self.kwargs = kwargs
        self.upstream = []
        tasks.append(self)

    def __rshift__(self, other):
        other.upstream.append(self.task_id)
        return other

    def execute(self, context):
        raise NotImplementedError


class SparkSubmitOperator(BaseOperator):
    """Stand-in: a spark-submit whose driver exits with `exit_code` (the hook keeps the code)."""

    exit_code = 0

    def execute(self, context):
        self._hook = types.SimpleNamespace(_spark_exit_code=SparkSubmitOperator.exit_code)
        if SparkSubmitOperator.exit_code != 0:
            raise AirflowException(f"spark-submit exited with {SparkSubmitOperator.exit_code}")
        return None


class AirflowException(Exception):
    pass


class AirflowFailException(AirflowException):
    pass


class TriggerRule:
    ALL_SUCCESS = "all_success"
    ALL_DONE = "all_done"


def module(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    sys.modules[name] = m
    return m


module("airflow", DAG=DAG)
module("airflow.exceptions", AirflowException=AirflowException,
       AirflowFailException=AirflowFailException)
module("airflow.providers")
module("airflow.providers.apache")
module("airflow.providers.apache.spark")
module("airflow.providers.apache.spark.operators")
module("airflow.providers.apache.spark.operators.spark_submit",
       SparkSubmitOperator=SparkSubmitOperator)
module("airflow.utils")
module("airflow.utils.trigger_rule", TriggerRule=TriggerRule)

runpy.run_path(sys.argv[1], run_name="dag_file")


def plain(value):
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return str(value)


def outcome(task, exit_code):
    """The exception class a task ends with when its driver exits with exit_code."""
    SparkSubmitOperator.exit_code = exit_code
    try:
        task.execute({"ds": "2026-11-22"})
        return "success"
    except Exception as error:  # noqa: BLE001 - the class is the result
        return type(error).__name__


print(json.dumps({
    "outcomes": {t.task_id: {str(code): outcome(t, code) for code in (0, 1, 3)} for t in tasks},
    "dags": [{"dag_id": d.dag_id, "default_args": plain(d.default_args),
              "max_active_runs": d.kwargs.get("max_active_runs")} for d in dags],
    "tasks": [{
        "task_id": t.task_id,
        "operator": type(t).__name__,
        "is_spark_submit": isinstance(t, SparkSubmitOperator),
        "upstream": t.upstream,
        "java_class": t.kwargs.get("java_class"),
        "application": t.kwargs.get("application"),
        "application_args": plain(t.kwargs.get("application_args")),
        "trigger_rule": plain(t.kwargs.get("trigger_rule")),
    } for t in tasks],
}))
