"""The one door for stored files: a local folder with SQLite, blobs in PostgreSQL that every app server reaches."""
