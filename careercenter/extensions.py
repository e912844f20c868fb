"""Flask extensions, created unbound and bound in `create_app`."""

from typing import TYPE_CHECKING

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base whose constraints get stable names in every database."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

if TYPE_CHECKING:
    # A type checker cannot follow a base class made at run time, as `db.Model` is; it sees
    # the declarative base that `db.Model` is made from. Models derive from this name.
    class Model(Base):
        __abstract__ = True

else:
    Model = db.Model


class RouteLimiter(Limiter):
    """Flask-Limiter, checking limits before a request only when some could apply there.

    The app declares its limits on routes (`@limiter.limit`), whose decorator checks them
    when the view runs. Flask-Limiter's before-request hook is for default, application and
    blueprint limits, which the app has none of, yet it walked every request's view, limits
    and exemptions to find nothing: a twentieth of a signed-in page's time. Declare such a
    limit and the hook checks it as before.
    """

    def _check_request_limit(
        self, callable_name: str | None = None, in_middleware: bool = True
    ) -> None:
        if in_middleware and not self.has_request_wide_limits():
            return
        super()._check_request_limit(callable_name, in_middleware)

    def has_request_wide_limits(self) -> bool:
        """Return whether limits apply to requests beyond the routes that declare them."""
        manager = self.limit_manager
        return bool(
            manager.default_limits
            or manager.application_limits
            or manager._blueprint_limits  # no public accessor
            or self._meta_limits
            or self._in_memory_fallback
        )


migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = RouteLimiter(key_func=get_remote_address)
