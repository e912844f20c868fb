"""readiness version

Revision ID: 91f59daf6ce2
Revises: 1beb0eba7085
Create Date: 2026-11-26 01:32:22.852534

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '91f59daf6ce2'
down_revision = '1beb0eba7085'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('institutions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('readiness_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('institutions', schema=None) as batch_op:
        batch_op.drop_column('readiness_version')
