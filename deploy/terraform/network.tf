# One VPC: Cloud SQL's private IP, the Cloud Run services' Direct VPC egress, the worker VMs.
# Nothing here has a public address but the web service; egress to the internet (LLM providers,
# Stripe, Twilio, npm for plugins) leaves through Cloud NAT.
resource "google_compute_network" "main" {
  name                    = var.name_prefix
  auto_create_subnetworks = false
  depends_on              = [google_project_service.apis]
}

resource "google_compute_subnetwork" "main" {
  name          = "${var.name_prefix}-${var.region}"
  region        = var.region
  network       = google_compute_network.main.id
  ip_cidr_range = "10.20.0.0/20"
  # Workers and Cloud Run egress reach Google APIs and the internal-ingress services privately.
  private_ip_google_access = true
}

# Private services access: Cloud SQL gets an address inside this VPC (no public IP, no proxy).
resource "google_compute_global_address" "private_services" {
  name          = "${var.name_prefix}-private-services"
  purpose       = "VPC_PEERING"
  address_type  = "INTERNAL"
  prefix_length = 20
  network       = google_compute_network.main.id
}

resource "google_service_networking_connection" "private_services" {
  network                 = google_compute_network.main.id
  service                 = "servicenetworking.googleapis.com"
  reserved_peering_ranges = [google_compute_global_address.private_services.name]
}

resource "google_compute_router" "main" {
  name    = var.name_prefix
  region  = var.region
  network = google_compute_network.main.id
}

resource "google_compute_router_nat" "main" {
  name                               = var.name_prefix
  region                             = var.region
  router                             = google_compute_router.main.name
  nat_ip_allocate_option             = "AUTO_ONLY"
  source_subnetwork_ip_ranges_to_nat = "ALL_SUBNETWORKS_ALL_IP_RANGES"
}

# The worker's /healthz, from Google's health checkers only (the MIG's autohealing). Nothing
# else reaches a worker: no external address, no other ingress rule.
resource "google_compute_firewall" "worker_health_checks" {
  name                    = "${var.name_prefix}-worker-health-checks"
  network                 = google_compute_network.main.id
  direction               = "INGRESS"
  source_ranges           = ["35.191.0.0/16", "130.211.0.0/22"]
  target_service_accounts = [google_service_account.runtime["worker"].email]
  allow {
    protocol = "tcp"
    ports    = ["4000"]
  }
}
