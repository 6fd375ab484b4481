# Uploaded files (LIFEOSAI_FILES_BACKEND=gcs): private, uniform access, versioned so a deleted or
# overwritten file can be recovered for 30 days. Only the gateway's account may touch it.
resource "google_storage_bucket" "files" {
  name                        = local.bucket_name
  location                    = var.region
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
  force_destroy               = false
  versioning {
    enabled = true
  }
  lifecycle_rule {
    condition {
      days_since_noncurrent_time = 30
    }
    action {
      type = "Delete"
    }
  }
  depends_on = [google_project_service.apis]
}

resource "google_storage_bucket_iam_member" "files_gateway" {
  bucket = google_storage_bucket.files.name
  role   = "roles/storage.objectUser"
  member = "serviceAccount:${google_service_account.runtime["user-management"].email}"
}
