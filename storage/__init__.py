"""The only package that talks to a database: models, sessions, migrations, queries, export."""
