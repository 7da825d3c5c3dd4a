"""``python -m devstack``: run the database and the four services until Ctrl-C."""
import argparse
import os
import secrets
import signal
import sys
import time

from devstack import (
    DEFAULT_METRICS_PORTS,
    DEFAULT_PORTS,
    ROOT,
    create_admin,
    start_database,
    start_stack,
    stop_process,
    sweep_storage,
)

DATA_DIR = os.path.join(ROOT, ".data")


def load_or_create_secrets():
    """Random secrets, kept in the git-ignored data folder so that logins survive a restart."""
    path = os.path.join(DATA_DIR, "dev-secrets")
    if not os.path.exists(path):
        with open(path, "w") as handle:
            handle.write(f"SECRET_KEY={secrets.token_urlsafe(32)}\nSERVICE_TOKEN_SECRET={secrets.token_urlsafe(32)}\n")
        os.chmod(path, 0o600)
    with open(path) as handle:
        loaded = dict(line.strip().split("=", 1) for line in handle if "=" in line)
    if "APP_PASSWORD_KEYS" not in loaded:  # a data folder from before app passwords
        from cryptography.fernet import Fernet

        loaded["APP_PASSWORD_KEYS"] = Fernet.generate_key().decode()
        with open(path, "a") as handle:
            handle.write(f"APP_PASSWORD_KEYS={loaded['APP_PASSWORD_KEYS']}\n")
    return loaded


DEFAULT_DATABASE_PORT = 27117


def port_plan(base_port=None, public_port=None, database_port=None):
    """``(service ports, metrics ports, database port)``: the defaults, or with ``base_port`` every port
    moved together (public base, backends base+1 to +3, metrics base+10 to +13, database base+20), so that
    a second checkout runs beside the first. ``public_port`` and ``database_port`` override their own."""
    if base_port is None:
        ports, metrics, database = dict(DEFAULT_PORTS), dict(DEFAULT_METRICS_PORTS), DEFAULT_DATABASE_PORT
    else:
        order = ("operator_service", "auth_service", "song_service", "media_service")
        ports = {service: base_port + offset for offset, service in enumerate(order)}
        metrics = {service: base_port + 10 + offset for offset, service in enumerate(order)}
        database = base_port + 20
    if public_port is not None:
        ports["operator_service"] = public_port
    return ports, metrics, database_port if database_port is not None else database


def main():
    parser = argparse.ArgumentParser(description="Run the music service locally on the embedded dev database.")
    parser.add_argument("--base-port", type=int,
                        help="move every port: the player on this one, the backends, metrics and database above it")
    parser.add_argument("--port", type=int, help=f"public port (default {DEFAULT_PORTS['operator_service']})")
    parser.add_argument("--db-port", type=int,
                        help=f"port of the embedded dev database (default {DEFAULT_DATABASE_PORT})")
    parser.add_argument("--mongo-uri", default=os.environ.get("MONGO_URI"), help="use this MongoDB instead")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    ports, metrics_ports, database_port = port_plan(args.base_port, args.port, args.db_port)

    os.makedirs(DATA_DIR, exist_ok=True)
    log_path = os.path.join(DATA_DIR, "services.log")
    log_file = open(log_path, "a")
    database = None
    mongo_uri = args.mongo_uri
    environment_secrets = load_or_create_secrets()
    stack = None
    try:
        if not mongo_uri:
            database = start_database(database_port, os.path.join(DATA_DIR, "secantus"), log_file)
            mongo_uri = f"mongodb://127.0.0.1:{database_port}"
        stack = start_stack(mongo_uri, ports, environment_secrets, log_file=log_file, workers=args.workers,
                            metrics_ports=metrics_ports)
        print(*sweep_storage(stack), file=log_file, flush=True)
        if os.environ.get("ADMIN_USERNAME") and os.environ.get("ADMIN_PASSWORD"):
            print(*create_admin(stack, os.environ["ADMIN_USERNAME"], os.environ["ADMIN_PASSWORD"]), flush=True)
        print(f"Music service running at http://127.0.0.1:{ports['operator_service']}  (logs: {log_path}; "
              "Ctrl-C stops)", flush=True)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        while all(process.poll() is None for process in stack.processes.values()):
            time.sleep(1)
        crashed = [name for name, process in stack.processes.items() if process.poll() is not None]
        print(f"Stopped because {', '.join(crashed)} exited; see {log_path}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping…", flush=True)
        return 0
    except (RuntimeError, TimeoutError) as error:
        print(f"Could not start: {error} (see {log_path})", file=sys.stderr)
        return 1
    finally:
        if stack is not None:
            stack.stop_all()
        stop_process(database)
        log_file.close()


if __name__ == "__main__":
    sys.exit(main())
