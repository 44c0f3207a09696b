"""The study report opened in a real browser (Debian's headless chromium): it renders,
every image loads, and every link leads somewhere inside the file.

``make test`` installs chromium (.ci/install_chromium.sh). Where it cannot be
installed the test skips and says so; in CI (RADSTATS_REQUIRE_BROWSER=1) it fails.
"""

import base64
import io
import json
import os
import re
import shutil
import subprocess

import matplotlib
import numpy as np
import pytest

from radstats.pipeline import run_study

CHECK_SCRIPT = """<script>
window.addEventListener("load", function () {
  var images = Array.from(document.images);
  var anchors = Array.from(document.querySelectorAll("a[href]"));
  var result = {
    images: images.length,
    loaded: images.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length,
    links: anchors.length,
    tables: document.querySelectorAll("table").length,
    // wide tables scroll inside their box: the page itself never scrolls sideways
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    broken: anchors.filter(function (a) {
      var href = a.getAttribute("href");
      return !(href.charAt(0) === "#" && document.getElementById(href.slice(1)));
    }).map(function (a) { return a.getAttribute("href"); })
  };
  var out = document.createElement("pre");
  out.id = "browser-check";
  out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
});
</script>"""


def _chromium() -> str:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    reason = ("chromium is not installed; `make test` installs it with apt-get "
              "(.ci/install_chromium.sh), which needs root or sudo")
    if os.environ.get("RADSTATS_REQUIRE_BROWSER") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _run(browser: str, profile, *args) -> subprocess.CompletedProcess:
    command = [browser, "--headless", "--no-sandbox", "--disable-gpu",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--no-first-run", f"--user-data-dir={profile}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    """A binary-outcome study with every figure type (quick: small LASSO)."""
    from tests.test_pipeline import quick_cervical

    return run_study(quick_cervical(), tmp_path_factory.mktemp("report"), quiet=True).report


def test_report_images_are_embedded_pngs(report):
    html = report.read_text()
    sources = re.findall(r"<img[^>]* src=\"([^\"]+)\"", html)
    assert len(sources) >= 10
    for source in sources:
        assert source.startswith("data:image/png;base64,")
        image = matplotlib.image.imread(io.BytesIO(base64.b64decode(source.split(",", 1)[1])),
                                        format="png")
        assert image.shape[0] > 100 and image.shape[1] > 100


def test_report_renders_in_chromium(report, tmp_path):
    browser = _chromium()
    shot = tmp_path / "report.png"
    done = _run(browser, tmp_path / "profile-shot", "--hide-scrollbars", "--window-size=1200,2400",
                f"--screenshot={shot}", report.as_uri())
    assert shot.is_file(), done.stderr[-2000:]
    pixels = matplotlib.image.imread(shot)[..., :3]
    ink = (pixels < 0.9).any(axis=2).mean()          # share of pixels that are not white
    assert 0.02 < ink < 0.9 and np.unique(pixels.reshape(-1, 3), axis=0).shape[0] > 50

    checked = tmp_path / "checked.html"
    checked.write_text(report.read_text().replace("</body>", CHECK_SCRIPT + "</body>"))
    done = _run(browser, tmp_path / "profile-dom", "--virtual-time-budget=10000", "--dump-dom",
                checked.as_uri())
    found = re.search(r"<pre id=\"browser-check\">([^<]*)</pre>", done.stdout)
    assert found, done.stderr[-2000:]
    result = json.loads(found.group(1))
    assert result["images"] >= 10 and result["loaded"] == result["images"]
    assert result["links"] >= 10 and result["broken"] == []
    assert result["tables"] >= 10 and result["overflow"] <= 0
