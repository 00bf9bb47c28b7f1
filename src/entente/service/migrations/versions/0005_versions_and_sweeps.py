"""scenario versions (family, version number, parent) and sweep/budget jobs (kind, result)

A scenario is never overwritten: an edit is a new row in the same family
(``family_id``, the id of the family's first version) with the next
``version`` and its ``parent_id``. Existing scenarios become version 1 of a
family of their own. Jobs gain a ``kind`` (``solve``, ``sweep``, ``budget``)
and, for sweeps and budgets, the ``result`` JSON.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("scenarios", schema=None) as batch_op:
        batch_op.add_column(sa.Column("family_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_scenarios_parent", "scenarios", ["parent_id"], ["id"])
    op.execute("UPDATE scenarios SET family_id = id WHERE family_id IS NULL")
    with op.batch_alter_table("scenarios", schema=None) as batch_op:
        batch_op.create_index("ix_scenarios_family_id", ["family_id"], unique=False)
        batch_op.create_unique_constraint("uq_scenarios_family_version", ["family_id", "version"])
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=20), server_default="solve", nullable=False)
        )
        batch_op.add_column(sa.Column("result", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_column("result")
        batch_op.drop_column("kind")
    with op.batch_alter_table("scenarios", schema=None) as batch_op:
        batch_op.drop_constraint("uq_scenarios_family_version", type_="unique")
        batch_op.drop_index("ix_scenarios_family_id")
        batch_op.drop_constraint("fk_scenarios_parent", type_="foreignkey")
        batch_op.drop_column("parent_id")
        batch_op.drop_column("version")
        batch_op.drop_column("family_id")
