"""tokens: optional expiry; a name is unique among live tokens only (reusable after revocation)

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _tokens_without_unique_name() -> sa.Table:
    """The tokens table as it stands after 0002, less the unique constraint on ``name``."""
    return sa.Table(
        "tokens",
        sa.MetaData(),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("org_id", sa.Integer(), sa.ForeignKey("organisations.id"), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
        sa.Index("ix_tokens_org_id", "org_id"),
    )


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":  # SQLite cannot drop an unnamed constraint
        with op.batch_alter_table(
            "tokens", copy_from=_tokens_without_unique_name(), recreate="always"
        ) as batch_op:
            batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True)))
            batch_op.create_index("ix_tokens_name", ["name"], unique=False)
        return
    op.drop_constraint("tokens_name_key", "tokens", type_="unique")
    op.add_column("tokens", sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index("ix_tokens_name", "tokens", ["name"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("tokens", schema=None) as batch_op:
        batch_op.drop_index("ix_tokens_name")
        batch_op.drop_column("expires_at")
        batch_op.create_unique_constraint("tokens_name_key", ["name"])
