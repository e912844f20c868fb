"""plans

Revision ID: 1a40e03d9884
Revises: 0e2b0d577b97
Create Date: 2026-11-26 00:43:59.598012

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '1a40e03d9884'
down_revision = '0e2b0d577b97'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=True),
    sa.Column('employer', sa.String(length=200), nullable=False),
    sa.Column('role_title', sa.String(length=200), nullable=False),
    sa.Column('posting_url', sa.String(length=500), nullable=False),
    sa.Column('first_interview_on', sa.Date(), nullable=True),
    sa.Column('second_interview_on', sa.Date(), nullable=True),
    sa.Column('state', sa.Enum('draft', 'submitted', 'in_review', 'changes_requested', 'approved', name='plan_state', native_enum=False), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('page_count', sa.Integer(), nullable=True),
    sa.Column('revision_count', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changes_requested_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id', 'institution_id'], ['cohorts.id', 'cohorts.institution_id'], name=op.f('fk_plans_cohort_id_institution_id_cohorts')),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_plans_institution_id_institutions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id', 'institution_id'], ['memberships.id', 'memberships.institution_id'], name=op.f('fk_plans_owner_id_institution_id_memberships'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans')),
    sa.UniqueConstraint('id', 'institution_id', name='uq_plans_id_institution_id')
    )
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plans_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plans_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plans_owner_id'), ['owner_id'], unique=False)

    op.create_table('plan_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('state', sa.Enum('submitted', 'in_review', 'changes_requested', 'approved', 'withdrawn', name='plan_revision_state', native_enum=False), nullable=False),
    sa.Column('header', sa.JSON(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('page_count', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_plan_revisions_institution_id_institutions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['plan_id', 'institution_id'], ['plans.id', 'plans.institution_id'], name=op.f('fk_plan_revisions_plan_id_institution_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_revisions')),
    sa.UniqueConstraint('id', 'institution_id', name='uq_plan_revisions_id_institution_id'),
    sa.UniqueConstraint('plan_id', 'number', name=op.f('uq_plan_revisions_plan_id_number'))
    )
    with op.batch_alter_table('plan_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_revisions_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_revisions_plan_id'), ['plan_id'], unique=False)


def downgrade():
    with op.batch_alter_table('plan_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_revisions_plan_id'))
        batch_op.drop_index(batch_op.f('ix_plan_revisions_institution_id'))

    op.drop_table('plan_revisions')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plans_owner_id'))
        batch_op.drop_index(batch_op.f('ix_plans_institution_id'))
        batch_op.drop_index(batch_op.f('ix_plans_cohort_id'))

    op.drop_table('plans')
