output "web_url" {
  description = "The web service's run.app address (point the domain of public_url at it)."
  value       = google_cloud_run_v2_service.service["web"].uri
}

output "service_urls" {
  description = "Every Cloud Run service's address."
  value       = { for key, service in google_cloud_run_v2_service.service : key => service.uri }
}

output "image_repository" {
  description = "Where the workflow pushes the image (docker push <this>:<tag>)."
  value       = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}/lifeosai"
}

output "migrate_job" {
  description = "The migration job (gcloud run jobs execute <this> --region <region> --wait)."
  value       = google_cloud_run_v2_job.migrate.name
}

output "files_bucket" {
  description = "LIFEOSAI_FILES_BUCKET."
  value       = google_storage_bucket.files.name
}

output "database_instance" {
  description = "The Cloud SQL instance (backups, point-in-time recovery)."
  value       = google_sql_database_instance.main.connection_name
}

output "worker_group" {
  description = "The workers' managed instance group."
  value       = google_compute_region_instance_group_manager.workers.name
}

output "secret_ids" {
  description = "Secret Manager id of every platform secret, by variable name: give each a version."
  value       = local.secret_ids
}

output "workload_identity_provider" {
  description = "For the workflows' GCP_WORKLOAD_IDENTITY_PROVIDER variable."
  value       = google_iam_workload_identity_pool_provider.github.name
}

output "publisher_service_account" {
  description = "For the workflows' GCP_PUBLISHER_SERVICE_ACCOUNT variable."
  value       = google_service_account.publisher.email
}

output "deployer_service_account" {
  description = "For the workflows' GCP_DEPLOYER_SERVICE_ACCOUNT variable."
  value       = google_service_account.deployer.email
}
