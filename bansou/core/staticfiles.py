"""Static files: hashed and precompressed once collected, the plain files before that."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """`bansou serve` (and `make demo`) collect the files: a content hash in each name, gzip
    (and brotli, where installed) copies, so WhiteNoise sends each compressed and cacheable for
    a year. A file not collected (the tests, a fresh checkout's runserver, a file added since)
    keeps its plain name and WhiteNoise finds it in the app: no collectstatic step to forget."""

    manifest_strict = False

    def stored_name(self, name: str) -> str:
        if not self.hashed_files:
            return name
        try:
            return super().stored_name(name)
        except ValueError:  # not in the manifest, nor in STATIC_ROOT to hash now
            return name
