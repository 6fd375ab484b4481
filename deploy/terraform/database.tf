# Cloud SQL Postgres on a private IP only (private services access, network.tf). The services
# connect with a plain DATABASE_URL over the VPC (Direct VPC egress from Cloud Run, the workers'
# own NIC): no Cloud SQL connector or proxy, so no cloudsql.client role is needed. TLS is required
# by the server (ENCRYPTED_ONLY); the URL asks for encryption without verifying the server's
# certificate (sslmode=no-verify), because the Cloud SQL CA is not in Node's trust store.
resource "google_sql_database_instance" "main" {
  name                = var.name_prefix
  region              = var.region
  database_version    = var.database_version
  deletion_protection = var.deletion_protection
  settings {
    tier              = var.database_tier
    availability_type = var.database_availability
    edition           = "ENTERPRISE"
    ip_configuration {
      ipv4_enabled    = false
      private_network = google_compute_network.main.id
      ssl_mode        = "ENCRYPTED_ONLY"
    }
    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
      start_time                     = "03:00"
    }
    database_flags {
      # Every API instance holds LISTEN connections and pools; workers hold leases.
      name  = "max_connections"
      value = "400"
    }
    insights_config {
      query_insights_enabled = true
    }
  }
  depends_on = [google_service_networking_connection.private_services]
}

resource "google_sql_database" "lifeosai" {
  name     = "lifeosai"
  instance = google_sql_database_instance.main.name
}

resource "random_password" "database" {
  length  = 40
  special = false
}

resource "google_sql_user" "lifeosai" {
  name     = "lifeosai"
  instance = google_sql_database_instance.main.name
  password = random_password.database.result
}

# DATABASE_URL is the one secret Terraform writes (it made the password). It is in the state
# too: the state bucket must be as private as the secrets (deploy/README.md).
resource "google_secret_manager_secret_version" "database_url" {
  secret      = google_secret_manager_secret.platform["DATABASE_URL"].id
  secret_data = "postgresql://${google_sql_user.lifeosai.name}:${random_password.database.result}@${google_sql_database_instance.main.private_ip_address}:5432/${google_sql_database.lifeosai.name}?sslmode=no-verify"
}
