#!/bin/sh
# Dump the Career Center database (pg_dump custom format) and keep the newest $BACKUP_KEEP.
#   DATABASE_URL=postgresql://… BACKUP_DIR=/var/backups/careercenter deploy/backup.sh
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

# Write to a temporary name first, so an interrupted dump never counts as a backup.
pg_dump --format=custom --no-owner --dbname="$url" --file="$target.partial"
mv "$target.partial" "$target"
echo "backup.sh: wrote $target ($(du -h "$target" | cut -f1))"

# Rotation: keep the newest $BACKUP_KEEP dumps, delete older ones.
ls -1t "$BACKUP_DIR"/careercenter-*.dump 2>/dev/null | tail -n +"$((BACKUP_KEEP + 1))" | while read -r old; do
  rm -f -- "$old"
  echo "backup.sh: removed $old"
done
