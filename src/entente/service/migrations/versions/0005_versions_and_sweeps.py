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
    # Plain ADD COLUMN, no table rebuild: SQLite would refuse to drop ``scenarios`` while
    # jobs and plans refer to it (foreign keys are on), and it needs no rebuild for these.
    op.add_column("scenarios", sa.Column("family_id", sa.Integer(), nullable=True))
    op.add_column(
        "scenarios", sa.Column("version", sa.Integer(), server_default="1", nullable=False)
    )
    if op.get_bind().dialect.name == "sqlite":  # a constraint only inline in ADD COLUMN
        op.execute("ALTER TABLE scenarios ADD COLUMN parent_id INTEGER REFERENCES scenarios (id)")
    else:
        op.add_column(
            "scenarios",
            sa.Column(
                "parent_id",
                sa.Integer(),
                sa.ForeignKey("scenarios.id", name="fk_scenarios_parent"),
                nullable=True,
            ),
        )
    op.execute("UPDATE scenarios SET family_id = id WHERE family_id IS NULL")
    op.create_index("ix_scenarios_family_id", "scenarios", ["family_id"], unique=False)
    op.create_index(
        "uq_scenarios_family_version", "scenarios", ["family_id", "version"], unique=True
    )
    op.add_column(
        "jobs", sa.Column("kind", sa.String(length=20), server_default="solve", nullable=False)
    )
    op.add_column("jobs", sa.Column("result", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_column("result")
        batch_op.drop_column("kind")
    op.drop_index("uq_scenarios_family_version", "scenarios")
    op.drop_index("ix_scenarios_family_id", "scenarios")
    with op.batch_alter_table("scenarios", schema=None) as batch_op:
        batch_op.drop_column("parent_id")
        batch_op.drop_column("version")
        batch_op.drop_column("family_id")
