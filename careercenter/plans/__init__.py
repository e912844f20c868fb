"""90-Day Blueprints (called plans in code): authoring, submission, revisions, leave-behind PDF.

Importing the package registers each student's blueprint stage with readiness.
"""

from ..stages import register_blueprint_link, register_blueprint_stage_source
from .stage import blueprint_stages, blueprint_url

register_blueprint_stage_source(blueprint_stages)
register_blueprint_link(blueprint_url)
