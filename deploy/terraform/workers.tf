# The run workers: a regional managed instance group of spot VMs on Container-Optimized OS, each
# running the image as `worker` (LIFEOSAI_ROLE=worker) from a startup script. Spot VMs may be
# preempted at any time: a preempted worker's runs are recovered by another once their lease
# (LIFEOSAI_LEASE_MS) lapses, and the group recreates the VM. Workers have no external address
# and serve only /healthz, to Google's health checkers (network.tf).
resource "google_compute_instance_template" "worker" {
  name_prefix  = "${var.name_prefix}-worker-"
  machine_type = var.worker_machine_type
  tags         = ["${var.name_prefix}-worker"]

  disk {
    source_image = "cos-cloud/cos-stable"
    disk_size_gb = 50
    disk_type    = "pd-balanced"
    auto_delete  = true
    boot         = true
  }

  network_interface {
    subnetwork = google_compute_subnetwork.main.id
  }

  scheduling {
    provisioning_model          = "SPOT"
    preemptible                 = true
    automatic_restart           = false
    instance_termination_action = "DELETE"
  }

  service_account {
    email  = google_service_account.runtime["worker"].email
    scopes = ["cloud-platform"]
  }

  shielded_instance_config {
    enable_secure_boot          = true
    enable_vtpm                 = true
    enable_integrity_monitoring = true
  }

  metadata = {
    google-logging-enabled = "true"
    block-project-ssh-keys = "true"
    startup-script = templatefile("${path.module}/worker-startup.sh.tftpl", {
      image    = local.image
      registry = "${var.region}-docker.pkg.dev"
      project  = var.project_id
      settings = join(" ", [for name, value in local.settings["worker"] : "${name}=${base64encode(value)}"])
      secrets  = join(" ", [for name, id in local.secrets_by_consumer["worker"] : "${name}=${id}"])
    })
  }

  lifecycle {
    create_before_destroy = true
  }

  depends_on = [google_secret_manager_secret_iam_member.reader]
}

resource "google_compute_health_check" "worker" {
  name                = "${var.name_prefix}-worker"
  check_interval_sec  = 10
  timeout_sec         = 5
  healthy_threshold   = 2
  unhealthy_threshold = 6
  http_health_check {
    port         = 4000
    request_path = "/healthz"
  }
}

resource "google_compute_region_instance_group_manager" "workers" {
  name               = "${var.name_prefix}-workers"
  region             = var.region
  base_instance_name = "${var.name_prefix}-worker"
  target_size        = var.worker_count

  version {
    instance_template = google_compute_instance_template.worker.id
  }

  auto_healing_policies {
    health_check      = google_compute_health_check.worker.id
    initial_delay_sec = 300
  }

  # A new image: new VMs come up before old ones go (the old ones' runs finish or are recovered).
  update_policy {
    type                  = "PROACTIVE"
    minimal_action        = "REPLACE"
    max_surge_fixed       = 3
    max_unavailable_fixed = 0
  }
}
