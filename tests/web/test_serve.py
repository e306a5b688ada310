"""``bloodclarity serve``: headers, MIME types, the three roots, compression, no traversal.

Runs on a stand-in app folder, so it needs neither npm nor a browser.
"""

from __future__ import annotations

import argparse
import gzip
import threading
import urllib.error
import urllib.request

import pytest

from bloodclarity.serve import DEFAULT_PORT, add_serve_parser, make_server


@pytest.fixture
def server(tmp_path):
    app, model = tmp_path / "app", tmp_path / "model"
    (app / "vendor" / "ort").mkdir(parents=True)
    (app / "app").mkdir()
    model.mkdir()
    (app / "index.html").write_text("<!doctype html><meta charset='utf-8'>µ", "utf-8")
    (app / "app" / "main.js").write_text("export const x = 1;\n" * 100)
    (app / "vendor" / "ort" / "ort.wasm").write_bytes(b"\0asm" + bytes(5000))
    (app / ".hidden").write_text("secret")
    (model / "model.onnx").write_bytes(b"onnx" * 1000)
    (model / "config.json").write_text("{}")
    httpd = make_server(0, app, model_dir=model)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def get(url: str, **headers: str):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers, response.read()


def test_isolation_and_privacy_headers(server):
    status, headers, body = get(server + "/")
    assert status == 200 and "µ".encode() in body
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["Cross-Origin-Embedder-Policy"] == "require-corp"
    csp = headers["Content-Security-Policy"]
    assert "connect-src 'self'" in csp and "default-src 'self'" in csp


def test_mime_types_and_roots(server):
    assert get(server + "/app/main.js")[1]["Content-Type"].startswith("text/javascript")
    assert get(server + "/vendor/ort/ort.wasm")[1]["Content-Type"] == "application/wasm"
    assert get(server + "/model/config.json")[1]["Content-Type"].startswith("application/json")
    _, headers, body = get(server + "/data/knowledge_base.json")  # the package's data folder
    assert headers["Content-Type"].startswith("application/json") and b'"analytes"' in body
    assert get(server + "/data/lexicon/en.json")[0] == 200


def test_gzip_when_accepted(server):
    _, headers, body = get(server + "/vendor/ort/ort.wasm", **{"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == b"\0asm" + bytes(5000)
    _, headers, body = get(server + "/vendor/ort/ort.wasm")
    assert headers.get("Content-Encoding") is None and body.startswith(b"\0asm")


@pytest.mark.parametrize("path", ["/model/../app/main.js", "/data/%2e%2e/serve.py",
                                  "/model/%2e%2e%2f%2e%2e%2fetc/passwd", "/.hidden", "/app/",
                                  "/missing.js", "/data/__init__.py/x"])
def test_not_found(server, path):
    with pytest.raises(urllib.error.HTTPError) as err:
        get(server + path)
    assert err.value.code == 404


def test_no_uploads(server):
    request = urllib.request.Request(server + "/", data=b"x", method="POST")
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=10)
    assert err.value.code == 405


def test_missing_app_is_explained(tmp_path):
    with pytest.raises(FileNotFoundError, match="npm run build"):
        make_server(0, tmp_path)


def test_parser():
    parser = argparse.ArgumentParser()
    add_serve_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["serve"])
    assert args.port == DEFAULT_PORT and callable(args.handler)
    assert parser.parse_args(["serve", "--port", "9000"]).port == 9000
