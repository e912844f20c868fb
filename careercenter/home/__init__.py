"""Each role's home page inside an institution."""

from .routes import bp

__all__ = ["bp"]
