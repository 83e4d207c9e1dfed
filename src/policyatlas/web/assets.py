"""Front-end assets: our stylesheet and script, and npm packages' files (installed by `npm ci`, never committed)."""

from __future__ import annotations

import mimetypes
from pathlib import Path

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse

from policyatlas.config import REPO_ROOT

STATIC = Path(__file__).resolve().parent / "static"
#: Where npm installs the packages of package.json (``make install`` runs ``npm ci``).
NODE_MODULES = REPO_ROOT / "node_modules"
#: A copy of the npm files made at set-up (for installs without the repository's node_modules).
VAR_ASSETS = Path("var") / "assets"
#: The npm files the portal serves: package → files.
NPM_FILES: dict[str, tuple[str, ...]] = {
    "world-atlas": ("countries-110m.json",),
    "swagger-ui-dist": ("swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png"),  # the API's /docs
}
WORLD = ("world-atlas", "countries-110m.json")
CACHE = "public, max-age=3600"


def npm_file(package: str, name: str) -> Path | None:
    """An npm package's file from node_modules (or the copy under var/assets), if installed."""
    if name not in NPM_FILES.get(package, ()):
        return None
    for root in (NODE_MODULES, VAR_ASSETS):
        path = root / package / name
        if path.is_file():
            return path
    return None


def world_file() -> Path | None:
    """world-atlas's ``countries-110m.json`` (TopoJSON), or None when ``npm ci`` has not been run."""
    return npm_file(*WORLD)


def build_router() -> APIRouter:
    """Routes serving /assets/… (our files, then the npm files listed in ``NPM_FILES``)."""
    router = APIRouter(prefix="/assets", include_in_schema=False)

    @router.get("/npm/{package}/{name}")
    def npm_asset(package: str, name: str) -> FileResponse:
        path = npm_file(package, name)
        if path is None:
            raise HTTPException(status_code=404)
        media_type = "application/json" if name.endswith(".json") else mimetypes.guess_type(name)[0]
        return FileResponse(path, media_type=media_type, headers={"Cache-Control": CACHE})

    @router.get("/{name}")
    def static_asset(name: str) -> FileResponse:
        path = STATIC / name
        if "/" in name or name.startswith(".") or not path.is_file():
            raise HTTPException(status_code=404)
        media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return FileResponse(path, media_type=media_type, headers={"Cache-Control": CACHE})

    return router
