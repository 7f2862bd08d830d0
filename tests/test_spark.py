"""A room whose data is in Spark (issue 16): the same figures as from its files, the
aggregation done by Spark.

A real local Spark session (pyspark on Debian's Java 17) is started for the test session
and stopped after (`spark_session.py`). The golden room's exports become Spark tables
(temporary views over Parquet files); a copy of the room whose `room.toml` reads them
with `url = "spark://local[2]"` is built, and every figure on every page is compared
with the room built from its files.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURES
from pagetext import same_figures
from spark_session import spark, spark_parquet_view  # noqa: F401 (spark is a fixture)
from test_warehouse import FILES, _typed, source_room

from customer_room.build import build_site
from customer_room.errors import RoomError
from customer_room.report import Reporter

pytestmark = pytest.mark.slow


def _spark_room(base, tables: dict | None = None):
    """The golden room reading every data file from Spark (`tables` renames some)."""
    return source_room(base, "spark-room", 'url = "spark://local[2]"\n', {n: (tables or {}).get(n, n) for n in FILES})


@pytest.fixture(scope="module")
def views(spark):  # noqa: F811 (the fixture imported above)
    for name in FILES:
        spark_parquet_view(spark, name, _typed(name))
    return spark


def test_every_figure_of_every_page_is_the_same_from_spark(views, tmp_path):
    files_room = tmp_path / "files-room"
    shutil.copytree(FIXTURES / "small_room", files_room)
    build_site(files_room, tmp_path / "files-site", Reporter(quiet=True))
    build_site(_spark_room(tmp_path), tmp_path / "spark-site", Reporter(quiet=True))
    assert same_figures(tmp_path / "files-site", tmp_path / "spark-site") > 100  # the tote board, backlog, time to close, NPS, KPI status, burn-down …


def test_a_wrong_table_names_the_source_and_the_table(views, tmp_path):
    with pytest.raises(RoomError) as caught:
        build_site(_spark_room(tmp_path, {"surveys": "survey"}), tmp_path / "site", Reporter(quiet=True))
    assert "spark://local[2], table survey: has no table 'survey'" in str(caught.value)


def test_the_closed_loop_is_the_same_from_spark(views, tmp_path):
    """Detractors followed up (issue 17), the follow-up dates as text under the export's
    own names: counted by Spark, the same figures as from the file."""
    import pandas as pd
    from pagetext import read_page
    from test_follow_up_pages import make_room

    files_room = make_room(tmp_path / "files")
    build_site(files_room, tmp_path / "files-site", Reporter(quiet=True))
    frame = pd.read_csv(files_room / "data" / "surveys.csv", dtype=str, keep_default_na=False).replace("", None)
    frame["date"], frame["score"] = pd.to_datetime(frame["date"]), pd.to_numeric(frame["score"])
    spark_parquet_view(views, "surveys_loop", frame)
    room = _spark_room(tmp_path, {"surveys": "surveys_loop"})
    with (room / "room.toml").open("a") as f:
        f.write('\n[data.surveys.columns]\nfollowed_up = "Contacted"\noutcome = "Result"\n')
    build_site(room, tmp_path / "spark-site", Reporter(quiet=True))
    assert same_figures(tmp_path / "files-site", tmp_path / "spark-site") > 100
    figures = read_page(tmp_path / "spark-site" / "touchpoints" / "ship.html")[0]
    assert (figures["follow-up:share"], figures["follow-up:median"]) == ("50 %", "60 h")
