"""organisations: every token, scenario, job and plan belongs to one; plans shared read-only

Existing rows move to the organisation ``default``, created here.

Revision ID: 0002
Revises: 0001
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_OWNED = ("tokens", "scenarios", "jobs", "plans")


def upgrade() -> None:
    organisations = op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.bulk_insert(
        organisations,
        [{"name": "default", "created_at": datetime.now(UTC), "created_by": "migration"}],
    )
    for table in _OWNED:
        op.add_column(table, sa.Column("org_id", sa.Integer(), nullable=True))
        op.execute(
            f"UPDATE {table} SET org_id = (SELECT id FROM organisations WHERE name = 'default')"
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column("org_id", existing_type=sa.Integer(), nullable=False)
            batch_op.create_index(batch_op.f(f"ix_{table}_org_id"), ["org_id"], unique=False)
            batch_op.create_foreign_key(f"fk_{table}_org_id", "organisations", ["org_id"], ["id"])
    op.create_table(
        "plan_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["org_id"], ["organisations.id"]),
        sa.ForeignKeyConstraint(["plan_id"], ["plans.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("plan_id", "org_id"),
    )
    with op.batch_alter_table("plan_shares", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_shares_plan_id"), ["plan_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_plan_shares_org_id"), ["org_id"], unique=False)


def downgrade() -> None:
    op.drop_table("plan_shares")
    for table in reversed(_OWNED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(f"fk_{table}_org_id", type_="foreignkey")
            batch_op.drop_index(batch_op.f(f"ix_{table}_org_id"))
            batch_op.drop_column("org_id")
    op.drop_table("organisations")
