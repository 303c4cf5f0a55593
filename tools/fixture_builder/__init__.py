"""Build the Herefordshire JAR fixture from the seed texts (pure Python, stdlib only).

    from tools.fixture_builder import build_fixture, write_fixture
    data = build_fixture(Path("../shared/seeds"), Path("fixtures/corrections.json"))
    write_fixture(data, Path("fixtures/herefordshire_jar.json"))

Raises FixtureBuildError (one-line message) when the seeds are missing or
not recognisable.  The judgement calls are recorded in fixtures/README.md.
"""

from .build import build_fixture, build_with_report, dumps_fixture, write_fixture
from .errors import FixtureBuildError

__all__ = ["FixtureBuildError", "build_fixture", "build_with_report", "dumps_fixture", "write_fixture"]
