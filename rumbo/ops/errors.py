"""What can stop a backup or a restore, with the reason in Spanish."""


class BackupError(Exception):
    """A backup or restore that cannot be done, with the reason in Spanish."""


class BadArchive(BackupError):
    """The file given to restore is not a sound Rumbo backup: nothing was read into the site."""
