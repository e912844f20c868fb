"""plan page count digest

Revision ID: 1beb0eba7085
Revises: 1a40e03d9884
Create Date: 2026-11-26 01:12:44.297564

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1beb0eba7085'
down_revision = '1a40e03d9884'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('page_count_digest', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('page_counted_at', sa.DateTime(timezone=True), nullable=True))


def downgrade():
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_column('page_counted_at')
        batch_op.drop_column('page_count_digest')
