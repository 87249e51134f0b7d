"""Storage: peewee models over SQLite (portable to PostgreSQL), the one service that changes data, backups."""
