"""checklists and readiness: practices, hidden practices, templates, versions, items, assignments, progress

Revision ID: 0e2b0d577b97
Revises: 6bb094229544
Create Date: 2026-11-26 00:43:34.531381

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0e2b0d577b97'
down_revision = '6bb094229544'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('checklist_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_checklist_templates_institution_id_institutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_templates')),
    sa.UniqueConstraint('id', 'institution_id', name='uq_checklist_templates_id_institution_id')
    )
    with op.batch_alter_table('checklist_templates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_templates_institution_id'), ['institution_id'], unique=False)

    op.create_table('practices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=True),
    sa.Column('key', sa.String(length=80), nullable=True),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('guidance', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=40), nullable=False),
    sa.Column('competency', sa.String(length=40), nullable=False),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_practices_institution_id_institutions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practices')),
    sa.UniqueConstraint('key', name=op.f('uq_practices_key'))
    )
    with op.batch_alter_table('practices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practices_category'), ['category'], unique=False)
        batch_op.create_index(batch_op.f('ix_practices_competency'), ['competency'], unique=False)
        batch_op.create_index(batch_op.f('ix_practices_institution_id'), ['institution_id'], unique=False)

    op.create_table('checklist_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', name='version_status', native_enum=False), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_checklist_versions_institution_id_institutions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['template_id', 'institution_id'], ['checklist_templates.id', 'checklist_templates.institution_id'], name=op.f('fk_checklist_versions_template_id_institution_id_checklist_templates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_versions')),
    sa.UniqueConstraint('id', 'institution_id', name='uq_checklist_versions_id_institution_id'),
    sa.UniqueConstraint('template_id', 'number', name=op.f('uq_checklist_versions_template_id_number'))
    )
    with op.batch_alter_table('checklist_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_versions_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_checklist_versions_template_id'), ['template_id'], unique=False)

    op.create_table('practice_hidden',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_practice_hidden_institution_id_institutions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_practice_hidden_practice_id_practices'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_hidden')),
    sa.UniqueConstraint('institution_id', 'practice_id', name=op.f('uq_practice_hidden_institution_id_practice_id'))
    )
    with op.batch_alter_table('practice_hidden', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_hidden_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_practice_hidden_practice_id'), ['practice_id'], unique=False)

    op.create_table('checklist_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id', 'institution_id'], ['cohorts.id', 'cohorts.institution_id'], name=op.f('fk_checklist_assignments_cohort_id_institution_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_checklist_assignments_institution_id_institutions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['version_id', 'institution_id'], ['checklist_versions.id', 'checklist_versions.institution_id'], name=op.f('fk_checklist_assignments_version_id_institution_id_checklist_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_assignments')),
    sa.UniqueConstraint('cohort_id', 'version_id', name=op.f('uq_checklist_assignments_cohort_id_version_id')),
    sa.UniqueConstraint('id', 'institution_id', name='uq_checklist_assignments_id_institution_id')
    )
    with op.batch_alter_table('checklist_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_assignments_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_checklist_assignments_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_checklist_assignments_version_id'), ['version_id'], unique=False)

    op.create_table('checklist_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('competency', sa.String(length=40), nullable=True),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('evidence', sa.Enum('none', 'note', 'link', name='evidence_kind', native_enum=False), nullable=False),
    sa.Column('needs_verification', sa.Boolean(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_checklist_items_institution_id_institutions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_id'], ['practices.id'], name=op.f('fk_checklist_items_practice_id_practices'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['version_id', 'institution_id'], ['checklist_versions.id', 'checklist_versions.institution_id'], name=op.f('fk_checklist_items_version_id_institution_id_checklist_versions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_items')),
    sa.UniqueConstraint('id', 'institution_id', name='uq_checklist_items_id_institution_id')
    )
    with op.batch_alter_table('checklist_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_items_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_checklist_items_practice_id'), ['practice_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_checklist_items_version_id'), ['version_id'], unique=False)

    op.create_table('item_progress',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('membership_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('todo', 'done', 'verified', 'returned', name='progress_status', native_enum=False), nullable=False),
    sa.Column('evidence_note', sa.Text(), nullable=False),
    sa.Column('evidence_link', sa.String(length=500), nullable=False),
    sa.Column('advisor_note', sa.Text(), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('institution_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id', 'institution_id'], ['checklist_assignments.id', 'checklist_assignments.institution_id'], name=op.f('fk_item_progress_assignment_id_institution_id_checklist_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['institution_id'], ['institutions.id'], name=op.f('fk_item_progress_institution_id_institutions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id', 'institution_id'], ['checklist_items.id', 'checklist_items.institution_id'], name=op.f('fk_item_progress_item_id_institution_id_checklist_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['membership_id', 'institution_id'], ['memberships.id', 'memberships.institution_id'], name=op.f('fk_item_progress_membership_id_institution_id_memberships'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_item_progress_reviewed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_progress')),
    sa.UniqueConstraint('assignment_id', 'item_id', 'membership_id', name=op.f('uq_item_progress_assignment_id_item_id_membership_id'))
    )
    with op.batch_alter_table('item_progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_progress_assignment_id'), ['assignment_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_item_progress_institution_id'), ['institution_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_item_progress_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_item_progress_membership_id'), ['membership_id'], unique=False)


def downgrade():
    with op.batch_alter_table('item_progress', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_progress_membership_id'))
        batch_op.drop_index(batch_op.f('ix_item_progress_item_id'))
        batch_op.drop_index(batch_op.f('ix_item_progress_institution_id'))
        batch_op.drop_index(batch_op.f('ix_item_progress_assignment_id'))

    op.drop_table('item_progress')
    with op.batch_alter_table('checklist_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_items_version_id'))
        batch_op.drop_index(batch_op.f('ix_checklist_items_practice_id'))
        batch_op.drop_index(batch_op.f('ix_checklist_items_institution_id'))

    op.drop_table('checklist_items')
    with op.batch_alter_table('checklist_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_assignments_version_id'))
        batch_op.drop_index(batch_op.f('ix_checklist_assignments_institution_id'))
        batch_op.drop_index(batch_op.f('ix_checklist_assignments_cohort_id'))

    op.drop_table('checklist_assignments')
    with op.batch_alter_table('practice_hidden', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_hidden_practice_id'))
        batch_op.drop_index(batch_op.f('ix_practice_hidden_institution_id'))

    op.drop_table('practice_hidden')
    with op.batch_alter_table('checklist_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_versions_template_id'))
        batch_op.drop_index(batch_op.f('ix_checklist_versions_institution_id'))

    op.drop_table('checklist_versions')
    with op.batch_alter_table('practices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practices_institution_id'))
        batch_op.drop_index(batch_op.f('ix_practices_competency'))
        batch_op.drop_index(batch_op.f('ix_practices_category'))

    op.drop_table('practices')
    with op.batch_alter_table('checklist_templates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_templates_institution_id'))

    op.drop_table('checklist_templates')
