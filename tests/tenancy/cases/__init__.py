"""Cross-tenant cases: how to build the ids of another institution's object for each route.

Each module in this package registers cases with `@case("endpoint", role=...)`; the matrix in
`tests/tenancy/test_cross_tenant_matrix.py` fails for any id-taking route that has none.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from careercenter.tenancy.models import Role


@dataclass(frozen=True)
class Case:
    endpoint: str
    build: Callable  # (world) -> url values identifying an object of world.b
    role: Role  # the role that can reach the object in its own institution
    method: str | None = None


CASES: dict[str, Case] = {}


def case(endpoint: str, role: Role | str = Role.ADMIN, method: str | None = None):
    """Register how to reach another institution's object through `endpoint`."""

    def decorator(build):
        CASES[endpoint] = Case(endpoint, build, Role(role), method)
        return build

    return decorator


def load_all() -> dict[str, Case]:
    """Import every case module of this package and return the registry."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return CASES
