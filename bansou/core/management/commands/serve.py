"""bansou serve [--bind HOST:PORT] [--workers N]: the production web server (gunicorn)."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from bansou.core.serving import ServerOptions, available_cores, default_workers, refusals


class Command(BaseCommand):
    help = (
        "Serve bansou in production: gunicorn with threaded workers, static files through "
        "WhiteNoise, an access log, graceful shutdown on SIGTERM. Put a TLS proxy in front."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--bind",
            default="127.0.0.1:8000",
            help="HOST:PORT or unix:PATH to listen on (default: 127.0.0.1:8000)",
        )
        parser.add_argument(
            "--workers",
            type=int,
            help="worker processes (default: 2 × cores + 1)",
        )
        parser.add_argument(
            "--threads", type=int, default=2, help="threads per worker (default: 2)"
        )
        parser.add_argument(
            "--access-log",
            default="-",
            help="file for the access log, '-' for standard output (default: -)",
        )

    def handle(self, *args, **options):
        reasons = refusals(
            debug=settings.DEBUG,
            secret_key=settings.SECRET_KEY,
            allowed_hosts=settings.ALLOWED_HOSTS,
        )
        if reasons:
            raise CommandError(
                "bansou serve will not start:\n" + "\n".join(f"  - {r}" for r in reasons)
            )
        workers = options["workers"] or default_workers(available_cores())
        if workers < 1 or options["threads"] < 1:
            raise CommandError("--workers and --threads must be at least 1")
        self.check_migrations()
        call_command("collectstatic", interactive=False, verbosity=0)
        server = ServerOptions(
            bind=options["bind"],
            workers=workers,
            threads=options["threads"],
            access_log=options["access_log"],
        )
        self.stdout.write(
            f"bansou serve: {server.bind}, {server.workers} workers × {server.threads} threads"
        )
        self.stdout.flush()
        # The workers fork from this process: none of them may inherit its connections.
        connections.close_all()
        from bansou.core.gunicorn_app import BansouApplication

        BansouApplication(server.gunicorn_settings()).run()
