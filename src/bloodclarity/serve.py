"""``bloodclarity serve``: the browser app on 127.0.0.1, with the headers it needs.

The app (``bloodclarity/webapp/``, built from ``web/`` by ``npm run build``) runs the whole
extraction in the browser; this server only hands out static files:

  /            the built app
  /model/      the shipped model folder (model.onnx, vocab.txt, config.json, label_map.json)
  /data/       the package's rule data (knowledge_base.json, lexicon/*.json)

Every response carries ``Cross-Origin-Opener-Policy: same-origin`` and
``Cross-Origin-Embedder-Policy: require-corp`` (the page is then cross-origin isolated, so
onnxruntime-web may use threads) and a Content-Security-Policy that lets the page connect to
its own origin only. Nothing is uploaded: the server answers GET and HEAD and nothing else.
"""

from __future__ import annotations

import argparse
import gzip
import io
import mimetypes
import posixpath
import sys
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

DEFAULT_PORT = 8765
HOST = "127.0.0.1"
BUILD_HINT = "build it with: cd web && npm ci && npm run build"

# One place for the policy: web/README.md documents the same headers for other hosts.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; "
    "connect-src 'self' blob: data:; img-src 'self' blob: data:; style-src 'self' "
    "'unsafe-inline'; font-src 'self' data:; object-src 'none'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Embedder-Policy": "require-corp",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".wasm": "application/wasm",
    ".onnx": "application/octet-stream",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/plain; charset=utf-8",
    ".gz": "application/gzip",
    ".map": "application/json; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
}


# Sent gzip-compressed when the browser accepts it (the WASM runtime: 14 MB -> 3.7 MB); the
# compressed bytes are kept in memory, keyed by path, size and modification time.
COMPRESSIBLE = {".html", ".js", ".mjs", ".css", ".json", ".wasm", ".onnx", ".txt", ".map", ".svg"}
MIN_COMPRESS_BYTES = 1024
_gzip_cache: dict[tuple[str, int, int], bytes] = {}
_gzip_lock = threading.Lock()


def gzipped(path: Path) -> bytes:
    """The gzip of a file (level 6), computed once per version of the file."""
    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    with _gzip_lock:
        found = _gzip_cache.get(key)
    if found is None:
        found = gzip.compress(path.read_bytes(), 6, mtime=0)
        with _gzip_lock:
            for old in [k for k in _gzip_cache if k[0] == key[0]]:
                del _gzip_cache[old]
            _gzip_cache[key] = found
    return found


def package_app_dir() -> Path:
    """The built app inside the installed package."""
    return Path(str(resources.files("bloodclarity").joinpath("webapp")))


def package_data_dir() -> Path:
    return Path(str(resources.files("bloodclarity").joinpath("data")))


def _inside(root: Path, relative: str) -> Path | None:
    """``root/relative`` when it is a file under ``root`` (no traversal, no hidden names)."""
    parts = [p for p in posixpath.normpath("/" + relative).split("/") if p]
    if any(p.startswith(".") or "\\" in p or p == "__pycache__" for p in parts):
        return None
    path = root.joinpath(*parts) if parts else root
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return None
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


class AppHandler(SimpleHTTPRequestHandler):
    """Static files from three roots, with the isolation and privacy headers."""

    protocol_version = "HTTP/1.1"  # keep-alive: the app loads about 30 files
    roots: ClassVar[dict[str, Path]] = {}
    quiet = True

    def version_string(self) -> str:
        return "bloodclarity"

    def translate_path(self, path: str) -> str:  # used by SimpleHTTPRequestHandler.send_head
        url = unquote(urlsplit(path).path)
        for prefix in ("/model/", "/data/"):
            if url.startswith(prefix):
                found = _inside(self.roots[prefix], url[len(prefix):])
                return str(found) if found else ""
        found = _inside(self.roots["/"], url)
        return str(found) if found else ""

    def send_head(self):
        path = self.translate_path(self.path)
        if not path:
            self.send_error(HTTPStatus.NOT_FOUND, "not found")
            return None
        file = Path(path)
        compress = (file.suffix.lower() in COMPRESSIBLE and "gzip" in
                    self.headers.get("Accept-Encoding", "") and
                    file.stat().st_size >= MIN_COMPRESS_BYTES)
        try:
            if compress:
                data = gzipped(file)
                fh = io.BytesIO(data)
                size = len(data)
            else:
                fh = open(file, "rb")  # noqa: SIM115 (closed by the caller, as in the base class)
                size = file.stat().st_size
        except OSError:
            self.send_error(HTTPStatus.NOT_FOUND, "not found")
            return None
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(size))
        if compress:
            self.send_header("Content-Encoding", "gzip")
        if file.suffix.lower() in COMPRESSIBLE:
            self.send_header("Vary", "Accept-Encoding")
        # the app and the data may change between builds; revalidate rather than guess
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return fh

    def guess_type(self, path) -> str:
        suffix = Path(str(path)).suffix.lower()
        return MIME_TYPES.get(suffix) or mimetypes.guess_type(str(path))[0] or (
            "application/octet-stream")

    def end_headers(self) -> None:
        for name, value in HEADERS.items():
            self.send_header(name, value)
        super().end_headers()

    def list_directory(self, path):  # never list folders
        self.send_error(HTTPStatus.NOT_FOUND, "not found")

    def do_POST(self) -> None:
        self.send_error(HTTPStatus.METHOD_NOT_ALLOWED, "the app uploads nothing")

    do_PUT = do_DELETE = do_PATCH = do_POST

    def log_message(self, format: str, *args) -> None:
        if not self.quiet:
            super().log_message(format, *args)


def make_server(port: int = DEFAULT_PORT, app_dir: str | Path | None = None, *,
                model_dir: str | Path | None = None, data_dir: str | Path | None = None,
                host: str = HOST, quiet: bool = True) -> ThreadingHTTPServer:
    """A server bound to ``host:port`` (port 0: any free port), not yet serving."""
    from bloodclarity.model.onnx_model import shipped_model_dir

    app = Path(app_dir) if app_dir else package_app_dir()
    if not (app / "index.html").is_file():
        raise FileNotFoundError(f"serve: no built app in {app}; {BUILD_HINT}")
    model = Path(model_dir) if model_dir else shipped_model_dir()
    if not (model / "model.onnx").is_file():
        raise FileNotFoundError(f"serve: model: {model}/model.onnx not found")
    data = Path(data_dir) if data_dir else package_data_dir()
    handler = type("Handler", (AppHandler,), {
        "roots": {"/": app, "/model/": model, "/data/": data}, "quiet": quiet})
    return ThreadingHTTPServer((host, port), handler)


def warm_up(server: ThreadingHTTPServer) -> threading.Thread:
    """Compress the large files in the background, so the first page load need not wait."""
    roots = server.RequestHandlerClass.roots

    def work() -> None:
        for path in (roots["/"] / "vendor/ort/ort-wasm-simd-threaded.wasm",
                     roots["/model/"] / "model.onnx"):
            if path.is_file():
                gzipped(path)

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def serve(port: int = DEFAULT_PORT, app_dir: str | Path | None = None, *,
          model_dir: str | Path | None = None, open_browser: bool = False,
          quiet: bool = True) -> None:
    """Serve the app on 127.0.0.1:``port`` until interrupted."""
    server = make_server(port, app_dir, model_dir=model_dir, quiet=quiet)
    warm_up(server)
    url = f"http://{HOST}:{server.server_address[1]}/"
    print(f"bloodclarity: serving the browser app at {url} (Ctrl-C to stop); "
          f"documents never leave the browser", flush=True)
    if open_browser:
        import webbrowser

        threading.Timer(0.5, webbrowser.open, (url,)).start()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def cmd_serve(args: argparse.Namespace, console=None) -> int:
    try:
        serve(args.port, args.app_dir, model_dir=args.model, open_browser=args.open,
              quiet=not args.verbose)
    except (FileNotFoundError, OSError) as exc:
        print(f"bloodclarity serve: {exc}", file=sys.stderr)
        return 2
    return 0


def add_serve_parser(subparsers) -> argparse.ArgumentParser:
    """``bloodclarity serve [--port 8765]``; the handler is ``args.handler(args, console)``."""
    p = subparsers.add_parser("serve", help="serve the offline browser app on 127.0.0.1")
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.add_argument("--model", metavar="DIR", help="model folder (default: the shipped one)")
    p.add_argument("--app-dir", metavar="DIR", help="built app (default: the packaged one)")
    p.add_argument("--open", action="store_true", help="open it in the default browser")
    p.add_argument("--verbose", action="store_true", help="log every request")
    p.set_defaults(handler=cmd_serve)
    return p
