# One Secret Manager secret per platform secret (locals.tf lists them and who reads each). The
# values are added by the operator (`gcloud secrets versions add`, deploy/README.md), never
# written in Terraform; DATABASE_URL is the exception (database.tf).
resource "google_secret_manager_secret" "platform" {
  for_each  = local.secret_ids
  secret_id = each.value
  replication {
    auto {}
  }
  labels = {
    app = var.name_prefix
  }
  depends_on = [google_project_service.apis]
}

# Least privilege: each account reads exactly the secrets its service reads, one binding each.
resource "google_secret_manager_secret_iam_member" "reader" {
  for_each  = local.secret_grants
  secret_id = google_secret_manager_secret.platform[each.value.name].id
  role      = "roles/secretmanager.secretAccessor"
  member    = "serviceAccount:${google_service_account.runtime[each.value.reader].email}"
}
