"""Alembic's environment for quizgen: migrations run on the connection :mod:`quizgen.migrations` hands over.

There is no ``alembic.ini``: :func:`quizgen.migrations.alembic_config` builds
the configuration in code and passes an open connection, already inside the
transaction that holds the migration lock.
"""

from alembic import context

from quizgen.storage import Base, UTCDateTime


def render_item(kind: str, item, autogen_context):
    """Autogenerate writes quizgen's UTC timestamp type as the column type it is stored as."""
    if kind == "type" and isinstance(item, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError(
        "quizgen migrations run on a connection given by quizgen.migrations "
        "(flask --app app init-db, or upgrade_database(engine) in code); "
        "the alembic command line and offline --sql mode are not set up"
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot alter most of a table in place: new revisions are written as batch operations, which rebuild
    # the table there and are plain ALTER statements on PostgreSQL.
    render_as_batch=True,
    compare_type=True,
    render_item=render_item,
)
with context.begin_transaction():
    context.run_migrations()
