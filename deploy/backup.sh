#!/bin/sh
# Dump the Career Center database (pg_dump custom format) and keep the newest $BACKUP_KEEP.
#   DATABASE_URL=postgresql://… BACKUP_DIR=/var/backups/careercenter deploy/backup.sh
# Needs pg_dump and python3 ($PYTHON), which splits the password out of the URL.
# Restore: pg_restore --clean --if-exists --no-owner -d "$DATABASE_URL" <file>.dump
set -eu

: "${DATABASE_URL:?DATABASE_URL must name the database to dump}"
BACKUP_DIR="${BACKUP_DIR:-/var/backups/careercenter}"
BACKUP_KEEP="${BACKUP_KEEP:-14}"

# pg_dump understands postgresql:// but not SQLAlchemy's postgresql+psycopg:// spelling.
url=$(printf '%s' "$DATABASE_URL" | sed 's|^postgresql+psycopg://|postgresql://|; s|^postgres://|postgresql://|')
case "$url" in
  postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL is not PostgreSQL; back up a SQLite file with sqlite3 .backup" >&2; exit 2 ;;
esac

umask 077
mkdir -p "$BACKUP_DIR"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
target="$BACKUP_DIR/careercenter-$stamp.dump"

# Keep the password off pg_dump's command line, which every local user can read (ps): move
# it into a password file (PGPASSFILE) only this user can read, removed when the script ends.
# Python splits the URL because the password may be percent-encoded; the URL travels in the
# environment, never in an argument.
passfile=$(mktemp "${TMPDIR:-/tmp}/careercenter-pgpass.XXXXXX")
trap 'rm -f -- "$passfile"' EXIT
trap 'exit 1' HUP INT TERM
url=$(DATABASE_URL="$url" PGPASS_OUT="$passfile" "${PYTHON:-python3}" -c '
import os
from urllib.parse import unquote, urlsplit
parts = urlsplit(os.environ["DATABASE_URL"])
userinfo, _, hostport = parts.netloc.rpartition("@")
user, has_password, password = userinfo.partition(":")
if has_password:
    escaped = unquote(password).replace("\\", "\\\\").replace(":", "\\:")
    with open(os.environ["PGPASS_OUT"], "w") as passfile:
        passfile.write("*:*:*:*:" + escaped + "\n")
netloc = user + "@" + hostport if user else hostport
print(parts._replace(netloc=netloc).geturl())
')
if [ -s "$passfile" ]; then
  export PGPASSFILE="$passfile"  # otherwise libpq's usual ~/.pgpass or peer authentication
fi

# Write to a temporary name first, so an interrupted dump never counts as a backup.
pg_dump --format=custom --no-owner --dbname="$url" --file="$target.partial"
mv "$target.partial" "$target"
echo "backup.sh: wrote $target ($(du -h "$target" | cut -f1))"

# Rotation: keep the newest $BACKUP_KEEP dumps, delete older ones.
ls -1t "$BACKUP_DIR"/careercenter-*.dump 2>/dev/null | tail -n +"$((BACKUP_KEEP + 1))" | while read -r old; do
  rm -f -- "$old"
  echo "backup.sh: removed $old"
done
