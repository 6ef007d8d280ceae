#!/usr/bin/env bash
# Adds a migration named NAME to every service whose model changed, on both providers: PostgreSQL
# (Data/Migrations/Postgres, context <Service>DbContext) and SQLite (Data/Migrations/Sqlite, context
# Sqlite<Service>DbContext). A service or provider without model changes gets none. See docs/migrations.md.
#
#   scripts/add-migration.sh OutboxClaims                        # every service
#   SERVICES="Registry Alerting" scripts/add-migration.sh Leases  # some of them
set -euo pipefail
cd "$(dirname "$0")/.."

name=${1:-}
if [[ ! "$name" =~ ^[A-Z][A-Za-z0-9_]*$ ]]; then
  echo "usage: scripts/add-migration.sh NAME   (a C# class name, e.g. OutboxClaims)" >&2
  exit 2
fi

read -r -a services <<< "${SERVICES:-Ingestion Registry Statistics Alerting}"
dotnet tool restore >/dev/null

for service in "${services[@]}"; do
  project="services/Vigia.$service"
  # One build per service; each provider's check and scaffold then read that build (--no-build):
  # a provider's new migration does not change the other provider's snapshot.
  dotnet build "$project" -v q -nologo
  for pair in "Postgres:${service}DbContext" "Sqlite:Sqlite${service}DbContext"; do
    provider=${pair%%:*}
    context=${pair#*:}
    if dotnet ef migrations has-pending-model-changes --project "$project" --context "$context" --no-build >/dev/null 2>&1; then
      echo "$service ($provider): no model changes"
      continue
    fi
    dotnet ef migrations add "$name" --project "$project" --context "$context" \
      --output-dir "Data/Migrations/$provider" --no-build
    echo "$service ($provider): added $name"
  done
done

echo "Review the new files under services/Vigia.*/Data/Migrations, then build and run the migration tests (docs/migrations.md)."
