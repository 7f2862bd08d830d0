"""A real Spark, local and small, for the tests that run the engine's Ibis expressions on
Spark as well as on the embedded DuckDB.

A warehouse room may run `customer_room.engine` on Spark, so the tests start a true
pyspark session (no mock): one JVM in local mode on this machine, bound to 127.0.0.1,
with no web UI, its files under a temporary folder, as many shuffle partitions as cores
(a small query runs 2 tasks a stage, not 200) and the session time zone UTC, so a naive
timestamp reads back as it was written. Read results with `toPandas()` (as Ibis does),
not `collect()`: collected datetimes are in this process's local time zone.

Spark 4 runs on Java 17 or 21 (not on newer ones). Without Java or pyspark the Spark
tests are skipped, with the reason, except in CI (CI=true), where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest

JVM_HOMES = "/usr/lib/jvm"  # where Debian's openjdk-17-jre-headless (or -21-) puts its Java
QUIET_LOG4J = """\
rootLogger.level = error
rootLogger.appenderRef.stderr.ref = console
logger.repl.name = org.apache.spark.api.python.PythonGatewayServer
logger.repl.level = error
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
"""  # errors only; the gateway too, or pyspark prints "Setting default log level to WARN"


def java_home() -> str | None:
    """A Java that Spark 4 runs on: Debian's OpenJDK 17 or 21 when installed, else
    JAVA_HOME, else the `java` on PATH (None: no Java at all). Debian's comes first, so
    a JAVA_HOME left at a newer JDK is not taken: on Java 25 Spark fails to start, in
    Hadoop's login code ("getSubject is not supported")."""
    for version in ("17", "21"):
        found = sorted(Path(JVM_HOMES).glob(f"java-{version}-openjdk-*"))
        if found:
            return str(found[0])
    if os.environ.get("JAVA_HOME"):
        return os.environ["JAVA_HOME"]
    java = shutil.which("java")
    return str(Path(java).resolve().parent.parent) if java else None


@contextmanager
def spark_session(cores: int = 2, extra: dict[str, str] | None = None):
    """A local Spark session for the duration of the block, then stopped and its files
    removed; `extra` Spark settings go over these (the JVM pyspark launched lives on
    until Python exits). Starting takes 5 to 10 s, so the tests share one: `spark`."""
    from pyspark.sql import SparkSession

    with tempfile.TemporaryDirectory(prefix="spark-", ignore_cleanup_errors=True) as tmp:
        folder = Path(tmp)
        (folder / "log4j2.properties").write_text(QUIET_LOG4J)
        settings = {
            "spark.driver.host": "127.0.0.1",
            "spark.driver.bindAddress": "127.0.0.1",
            "spark.ui.enabled": "false",
            "spark.ui.showConsoleProgress": "false",  # no "[Stage 0:>  (0 + 2) / 2]" bars on stderr
            "spark.sql.warehouse.dir": str(folder / "warehouse"),
            "spark.local.dir": str(folder / "local"),
            "spark.driver.extraJavaOptions": f"-Dlog4j2.configurationFile=file:{folder / 'log4j2.properties'}",
            "spark.sql.shuffle.partitions": str(cores),
            "spark.default.parallelism": str(cores),
            "spark.sql.session.timeZone": "UTC",
            "spark.sql.execution.arrow.pyspark.enabled": "true",
            "spark.sql.execution.arrow.pyspark.fallback.enabled": "false",  # slow rows by Python: fail instead
            **(extra or {}),
        }
        builder = SparkSession.builder.master(f"local[{cores}]").appName("customer-room-tests")
        for key, value in settings.items():
            builder = builder.config(key, value)
        # the JVM is launched with this process's environment: its Java, and no guess at the host's address
        with mock.patch.dict(os.environ, {"JAVA_HOME": java_home() or "", "SPARK_LOCAL_IP": "127.0.0.1"}):
            session = builder.getOrCreate()
        try:
            yield session
        finally:
            session.stop()


@pytest.fixture(scope="session")
def spark():
    """The tests' one Spark session (skipped without pyspark or Java, failed in CI)."""
    try:
        import pyspark  # noqa: F401
        missing = None if java_home() else "no Java runtime (Spark 4 needs Java 17 or 21: openjdk-17-jre-headless)"
    except ImportError:
        missing = "pyspark is not installed"
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Spark tests cannot run in CI: {missing}")
        pytest.skip(missing)
    with spark_session() as session:
        yield session


def spark_view(session, name: str, frame):
    """A pandas frame as the Spark temp view `name` (replacing an older one), sent in
    Arrow batches, not row by row through Python. Naive timestamps become Spark
    TIMESTAMPs with the same wall-clock time (read in the session's zone, UTC, no local
    zone shifts them), nanoseconds are cut to microseconds, NaT and None become NULL.
    For the tests' frames of hundreds or thousands of rows; a bigger one: below."""
    session.conf.set("spark.sql.session.timeZone", "UTC")  # naive times are read in this zone
    session.createDataFrame(frame).createOrReplaceTempView(name)
    return session.table(name)


def spark_parquet_view(session, name: str, frame):
    """`spark_view` for a big frame (a hundred thousand rows and more): Arrow writes it
    to a Parquet file in the session's folder, and the view reads that file. A frame
    sent by `spark_view` travels inside every task of every query: a million issues
    take 15 to 20 s a query there and exhaust a 2 GB heap, 1.5 to 9 s read from a file.
    Naive timestamps are written as UTC, so Spark reads the same TIMESTAMPs."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    utc = pa.schema([pa.field(f.name, pa.timestamp("us", "UTC")) if pa.types.is_timestamp(f.type) else f
                     for f in table.schema])
    path = Path(tempfile.mkdtemp(dir=session.conf.get("spark.local.dir"))) / f"{name}.parquet"
    pq.write_table(table.cast(utc, safe=False), path)  # safe=False: nanoseconds to Spark's microseconds
    session.read.parquet(str(path)).createOrReplaceTempView(name)
    return session.table(name)
