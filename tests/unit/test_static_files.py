"""Streamlit's own files for nginx to serve (`make serve`): a copy with a gzip copy beside each
file worth compressing, made once, made again when cut short; nginx accepts the location."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
from pathlib import Path

from dashboard.replicas import NGINX, nginx_conf, static_files, streamlit_static

TEXT = ("export const a = 1;\n" * 400).encode()  # 7.6 KiB of script


def _source(tmp_path: Path) -> Path:
    src = tmp_path / "streamlit-static"
    (src / "js").mkdir(parents=True)
    (src / "css").mkdir()
    (src / "media").mkdir()
    (src / "js" / "index.abc.js").write_bytes(TEXT)
    (src / "js" / "tiny.def.js").write_bytes(b"export{};")
    (src / "css" / "index.ghi.css").write_bytes(b"body { margin: 0 }\n" * 100)
    (src / "media" / "font.jkl.woff2").write_bytes(os.urandom(4096))
    return src


def test_every_file_is_copied_and_the_compressible_ones_gzipped_ahead(tmp_path):
    src = _source(tmp_path)
    root = static_files(tmp_path / "copy", src)
    for path in src.rglob("*"):
        if path.is_file():
            assert (root / "static" / path.relative_to(src)).read_bytes() == path.read_bytes()
    for name in ("js/index.abc.js", "css/index.ghi.css"):
        packed = root / "static" / f"{name}.gz"
        assert gzip.decompress(packed.read_bytes()) == (src / name).read_bytes()
        assert packed.stat().st_size < (src / name).stat().st_size / 4
    assert not (root / "static" / "js" / "tiny.def.js.gz").exists()  # too small to be worth it
    assert not (root / "static" / "media" / "font.jkl.woff2.gz").exists()  # compressed already
    assert not list(tmp_path.glob("*.partial"))


def test_made_once_and_made_again_when_cut_short(tmp_path):
    src = _source(tmp_path)
    root = static_files(tmp_path / "copy", src)
    (src / "js" / "index.abc.js").write_bytes(b"changed" * 300)
    assert static_files(tmp_path / "copy", src) == root
    assert (root / "static" / "js" / "index.abc.js").read_bytes() == TEXT  # reused, not copied again
    # a copy without its mark of completion (cut short) is made again, from the files as they are
    next(root.glob(".complete")).unlink()
    static_files(tmp_path / "copy", src)
    assert (root / "static" / "js" / "index.abc.js").read_bytes() == b"changed" * 300


def test_the_copy_has_every_script_streamlits_page_names(tmp_path):
    index = (streamlit_static().parent / "index.html").read_text(encoding="utf-8")
    names = set(re.findall(r"static/js/([^\"']+\.js)", index))
    assert len(names) > 20
    root = static_files(tmp_path / "copy")
    for name in names:
        script = root / "static" / "js" / name
        assert script.is_file() and (script.stat().st_size < 1024 or script.with_name(name + ".gz").is_file()), name


def test_nginx_accepts_the_static_location(tmp_path):
    text = nginx_conf(8500, [8501, 8502], tmp_path, static_root=tmp_path / "copy")
    assert "location /static/ {" in text and "gzip_static on;" in text and "try_files $uri @replicas;" in text
    assert "location / {" in text and "location @replicas {" in text
    assert "application/javascript js mjs;" in text  # a browser runs module scripts said to be JavaScript
    conf = tmp_path / "nginx.conf"
    conf.write_text(text, encoding="utf-8")
    done = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
