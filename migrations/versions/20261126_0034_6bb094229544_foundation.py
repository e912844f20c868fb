"""foundation: institutions, users, memberships, cohorts, audit

Revision ID: 6bb094229544
Revises: 
Create Date: 2026-11-26 00:34:52.929378

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '6bb094229544'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('institutions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=40), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('brand_colour', sa.String(length=7), nullable=False),
    sa.Column('checklist_weight', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_institutions')),
    sa.UniqueConstraint('slug', name=op.f('uq_institutions_slug'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('credentials_version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('subject_type', sa.String(length=64), nullable=True),
    sa.Column('subject_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('ip', sa.String(length=64), nullable=True),
    sa.Column('institution_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_events_actor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_audit_events_institution_id_institutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_institution_id'), ['institution_id'], unique=False)

    op.create_table('cohorts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('term', sa.String(length=60), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('active', 'archived', name='cohort_status', native_enum=False), nullable=False),
    sa.Column('join_code', sa.String(length=16), nullable=True),
    sa.Column('join_enabled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_cohorts_institution_id_institutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohorts')),
    sa.UniqueConstraint('id', 'institution_id', name='uq_cohorts_id_institution_id'),
    sa.UniqueConstraint('join_code', name=op.f('uq_cohorts_join_code'))
    )
    with op.batch_alter_table('cohorts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohorts_institution_id'), ['institution_id'], unique=False)

    op.create_table('memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('admin', 'advisor', 'student', name='role', native_enum=False), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_memberships_institution_id_institutions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_memberships_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships')),
    sa.UniqueConstraint('id', 'institution_id', name='uq_memberships_id_institution_id'),
    sa.UniqueConstraint('institution_id', 'user_id', name=op.f('uq_memberships_institution_id_user_id'))
    )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_memberships_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_user_id'), ['user_id'], unique=False)

    op.create_table('cohort_advisors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id', 'institution_id'], ['cohorts.id', 'cohorts.institution_id'], name=op.f('fk_cohort_advisors_cohort_id_institution_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_cohort_advisors_institution_id_institutions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['membership_id', 'institution_id'], ['memberships.id', 'memberships.institution_id'], name=op.f('fk_cohort_advisors_membership_id_institution_id_memberships'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort_advisors')),
    sa.UniqueConstraint('cohort_id', 'membership_id', name=op.f('uq_cohort_advisors_cohort_id_membership_id'))
    )
    with op.batch_alter_table('cohort_advisors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_advisors_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cohort_advisors_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cohort_advisors_membership_id'), ['membership_id'], unique=False)

    op.create_table('cohort_students',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('enrolled_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id', 'institution_id'], ['cohorts.id', 'cohorts.institution_id'], name=op.f('fk_cohort_students_cohort_id_institution_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_cohort_students_institution_id_institutions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['membership_id', 'institution_id'], ['memberships.id', 'memberships.institution_id'], name=op.f('fk_cohort_students_membership_id_institution_id_memberships'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohort_students')),
    sa.UniqueConstraint('cohort_id', 'membership_id', name=op.f('uq_cohort_students_cohort_id_membership_id'))
    )
    with op.batch_alter_table('cohort_students', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_students_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cohort_students_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cohort_students_membership_id'), ['membership_id'], unique=False)


def downgrade():
    with op.batch_alter_table('cohort_students', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohort_students_membership_id'))
        batch_op.drop_index(batch_op.f('ix_cohort_students_institution_id'))
        batch_op.drop_index(batch_op.f('ix_cohort_students_cohort_id'))

    op.drop_table('cohort_students')
    with op.batch_alter_table('cohort_advisors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohort_advisors_membership_id'))
        batch_op.drop_index(batch_op.f('ix_cohort_advisors_institution_id'))
        batch_op.drop_index(batch_op.f('ix_cohort_advisors_cohort_id'))

    op.drop_table('cohort_advisors')
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_memberships_user_id'))
        batch_op.drop_index(batch_op.f('ix_memberships_institution_id'))

    op.drop_table('memberships')
    with op.batch_alter_table('cohorts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohorts_institution_id'))

    op.drop_table('cohorts')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_institution_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_created_at'))
        batch_op.drop_index(batch_op.f('ix_audit_events_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_action'))

    op.drop_table('audit_events')
    op.drop_table('users')
    op.drop_table('institutions')
