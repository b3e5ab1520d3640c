"""Static files: hashed and precompressed once collected, the plain files before that."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """`bansou serve` collects the files (content hash in the name, gzip and brotli copies), so
    WhiteNoise sends each one compressed and cacheable for a year. Before any collection
    (the tests, a fresh checkout's runserver) the names stay plain and WhiteNoise finds the files
    in the apps, as it did before: no collectstatic step to forget."""

    manifest_strict = False

    def stored_name(self, name: str) -> str:
        if not self.hashed_files:
            return name
        return super().stored_name(name)
