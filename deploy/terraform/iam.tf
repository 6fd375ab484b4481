# One service account per service, the worker pool and the migration job. None has a
# project-wide role beyond writing its own logs and metrics; secrets, the bucket and the registry
# are granted on the resource itself (secrets.tf, storage.tf, registry.tf).
resource "google_service_account" "runtime" {
  for_each     = toset(local.consumers)
  account_id   = "${var.name_prefix}-${each.value}"
  display_name = "LIFEOSAI ${each.value}"
  depends_on   = [google_project_service.apis]
}

resource "google_project_iam_member" "worker_telemetry" {
  for_each = toset(["roles/logging.logWriter", "roles/monitoring.metricWriter"])
  project  = var.project_id
  role     = each.value
  member   = "serviceAccount:${google_service_account.runtime["worker"].email}"
}
