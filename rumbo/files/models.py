"""Files kept in the database: content-addressed blobs, and the names that point at them."""

from django.db import models


class Blob(models.Model):
    """The bytes of one file, kept once however many names share them; the key is their SHA-256."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    size = models.PositiveBigIntegerField()
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.sha256[:12]} ({self.size} B)"


class StoredFile(models.Model):
    """A file's name (as a FileField or a dataset version keeps it) and the blob that holds its bytes."""

    name = models.CharField(max_length=300, unique=True)
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="names")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
