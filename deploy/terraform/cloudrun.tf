# The four Cloud Run services, all from the one image (deploy/entrypoint.sh's argument picks the
# part), each as its own service account with only its secrets (locals.tf).
resource "google_cloud_run_v2_service" "service" {
  for_each            = local.services
  name                = each.value.name
  location            = var.region
  ingress             = each.value.ingress
  deletion_protection = var.deletion_protection
  # Callers prove who they are with the platform's own credentials (sessions, API keys, the
  # service secret), not Google identity tokens; the internal services are reachable only from
  # the VPC (ingress above).
  invoker_iam_disabled = true

  template {
    service_account                  = google_service_account.runtime[each.key].email
    execution_environment            = "EXECUTION_ENVIRONMENT_GEN2"
    timeout                          = "${each.value.timeout_seconds}s"
    session_affinity                 = each.value.session_affinity
    max_instance_request_concurrency = 80

    scaling {
      min_instance_count = each.value.min_instances
      max_instance_count = var.max_instances
    }

    # Direct VPC egress, all traffic: Cloud SQL's private IP and the internal-ingress services
    # (whose run.app addresses count as internal only when the request comes through the VPC).
    vpc_access {
      egress = "ALL_TRAFFIC"
      network_interfaces {
        network    = google_compute_network.main.id
        subnetwork = google_compute_subnetwork.main.id
      }
    }

    containers {
      image = local.image
      args  = [each.value.entrypoint]
      ports {
        container_port = each.value.port
      }
      resources {
        limits = {
          cpu    = each.value.cpu
          memory = each.value.memory
        }
        # false = CPU always allocated (the Agent API's sockets and background work).
        cpu_idle          = each.value.cpu_idle
        startup_cpu_boost = true
      }
      dynamic "env" {
        for_each = local.settings[each.key]
        content {
          name  = env.key
          value = env.value
        }
      }
      dynamic "env" {
        for_each = local.secrets_by_consumer[each.key]
        content {
          name = env.key
          value_source {
            secret_key_ref {
              secret  = google_secret_manager_secret.platform[env.key].secret_id
              version = "latest"
            }
          }
        }
      }
      startup_probe {
        http_get {
          path = "/healthz"
        }
        period_seconds    = 3
        failure_threshold = 40
      }
      liveness_probe {
        http_get {
          path = "/healthz"
        }
        period_seconds    = 30
        failure_threshold = 3
      }
    }
  }

  depends_on = [
    google_secret_manager_secret_iam_member.reader,
    google_secret_manager_secret_version.database_url,
  ]
}

# The release step (deploy/entrypoint.sh migrate): the deploy workflow executes it with the new
# image before the services move to it.
resource "google_cloud_run_v2_job" "migrate" {
  name                = "${var.name_prefix}-migrate"
  location            = var.region
  deletion_protection = var.deletion_protection

  template {
    task_count = 1
    template {
      service_account = google_service_account.runtime["migrate"].email
      max_retries     = 1
      timeout         = "600s"
      vpc_access {
        egress = "ALL_TRAFFIC"
        network_interfaces {
          network    = google_compute_network.main.id
          subnetwork = google_compute_subnetwork.main.id
        }
      }
      containers {
        image = local.image
        args  = ["migrate"]
        dynamic "env" {
          for_each = local.settings["migrate"]
          content {
            name  = env.key
            value = env.value
          }
        }
        dynamic "env" {
          for_each = local.secrets_by_consumer["migrate"]
          content {
            name = env.key
            value_source {
              secret_key_ref {
                secret  = google_secret_manager_secret.platform[env.key].secret_id
                version = "latest"
              }
            }
          }
        }
      }
    }
  }

  depends_on = [
    google_secret_manager_secret_iam_member.reader,
    google_secret_manager_secret_version.database_url,
  ]
}
