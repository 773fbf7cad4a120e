"""Error answers: 422 names the fields at fault, the others say what went wrong; none crashes.

Every 422 has the shape FastAPI documents (``detail``: a list of ``loc``, ``msg``,
``type``), whether pydantic or the library found the fault; the echo of the input is left
out, as it may be a whole article. Any other error is ``{"detail": "..."}``. An exception
nobody expected is answered 500 in the same JSON shape; Starlette then hands it on to the
server, which logs its traceback and goes on serving.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from spinscope.service.analyzer import ClientGoneError
from spinscope.service.schemas import Invalid, Problem

RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {"model": Invalid, "description": "A field at fault, with what is allowed"},
    413: {"model": Problem, "description": "The request body is over the size limit"},
}
BUSY: dict[int | str, dict[str, Any]] = {
    503: {"model": Problem, "description": "Too many analyses waiting; see Retry-After"},
}


class FieldError(Exception):
    """A request field whose value the library could not use: answered 422 at that field."""

    def __init__(self, field: str, message: str, where: str = "body") -> None:
        super().__init__(message)
        self.field, self.message, self.where = field, message, where


def unprocessable(problems: Sequence[dict[str, Any]]) -> JSONResponse:
    """A 422 answer listing each problem's ``loc``, ``msg`` and ``type``."""
    detail = [
        {"loc": list(p.get("loc", ())), "msg": _message(p), "type": p.get("type", "")}
        for p in problems
    ]
    return JSONResponse({"detail": detail}, status_code=422)


def _message(problem: dict[str, Any]) -> str:
    """The problem's message, with the parser's reason when the JSON is malformed."""
    reason = problem.get("ctx", {}).get("error") if problem.get("type") == "json_invalid" else None
    return f"{problem.get('msg', '')}: {reason}" if reason else str(problem.get("msg", ""))


async def _invalid(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return unprocessable(error.errors())


async def _field(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, FieldError)
    problem = {"loc": (error.where, error.field), "msg": error.message, "type": "value"}
    return unprocessable([problem])


async def _http(_: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    return JSONResponse(
        {"detail": error.detail}, status_code=error.status_code, headers=error.headers
    )


async def _gone(_: Request, __: Exception) -> Response:
    return Response(status_code=499)  # nginx's "client closed request": nobody reads it


async def _unexpected(_: Request, __: Exception) -> JSONResponse:
    return JSONResponse(
        {"detail": "internal error; the server's log has the details"}, status_code=500
    )


def install(app: FastAPI) -> None:
    """Answer every error of ``app`` as this module describes."""
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(FieldError, _field)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(ClientGoneError, _gone)
    app.add_exception_handler(Exception, _unexpected)
