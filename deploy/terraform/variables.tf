variable "project_id" {
  description = "The GCP project LIFEOSAI runs in."
  type        = string
}

variable "region" {
  description = "Region for Cloud Run, Cloud SQL, the bucket, the registry and the worker pool."
  type        = string
  default     = "europe-west1"
}

variable "name_prefix" {
  description = "Prefix of every resource name (services, accounts, secrets)."
  type        = string
  default     = "lifeosai"
}

variable "image_tag" {
  description = "Tag of the image in Artifact Registry to run everywhere (the workflow passes the git tag)."
  type        = string
}

variable "public_url" {
  description = "LIFEOSAI_PUBLIC_URL: the origin browsers use (the web service's custom domain, or its run.app URL on a first deployment)."
  type        = string
}

variable "github_repository" {
  description = "owner/name of the GitHub repository whose workflows may publish images and deploy (workload identity federation)."
  type        = string
}

variable "optional_secrets" {
  description = "Optional platform secrets to create and wire (each must then get a version): ANTHROPIC_API_KEY, OPENAI_API_KEY, GEMINI_API_KEY, STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, TWILIO_AUTH_TOKEN, SMTP_URL, GOOGLE_CLIENT_SECRET, MICROSOFT_CLIENT_SECRET."
  type        = set(string)
  default     = []
}

variable "extra_secrets" {
  description = "More secrets by environment variable name, with the services that get them (an OAuth provider's clientSecret `env:NAME` in config.json, for example): { NAME = [\"user-management\"] }."
  type        = map(list(string))
  default     = {}
}

variable "plain_settings" {
  description = "Non-secret settings by service (GOOGLE_CLIENT_ID for auth, LIFEOSAI_SANDBOX_ALLOW for the worker …): { auth = { NAME = \"value\" } }."
  type        = map(map(string))
  default     = {}
}

variable "billing" {
  description = "Turn billing's plan limits on (needs STRIPE_SECRET_KEY in optional_secrets; the Agent API is told LIFEOSAI_BILLING instead of getting the key)."
  type        = bool
  default     = false
}

variable "api_min_instances" {
  description = "Agent API instances kept warm (the phone bridge's WebSockets live there; 1 keeps a call from waiting on a cold start)."
  type        = number
  default     = 1
}

variable "web_min_instances" {
  description = "Web and gateway instances kept warm."
  type        = number
  default     = 1
}

variable "max_instances" {
  description = "Upper bound of instances for each Cloud Run service."
  type        = number
  default     = 10
}

variable "worker_count" {
  description = "Run workers (spot VMs in the managed instance group)."
  type        = number
  default     = 2
}

variable "worker_machine_type" {
  description = "Machine type of a run worker."
  type        = string
  default     = "e2-standard-4"
}

variable "worker_max_concurrent_runs" {
  description = "LIFEOSAI_MAX_CONCURRENT_RUNS on each worker."
  type        = number
  default     = 8
}

variable "database_version" {
  description = "Cloud SQL Postgres version."
  type        = string
  default     = "POSTGRES_17"
}

variable "database_tier" {
  description = "Cloud SQL machine tier."
  type        = string
  default     = "db-custom-2-7680"
}

variable "database_availability" {
  description = "ZONAL, or REGIONAL for a standby in a second zone."
  type        = string
  default     = "ZONAL"
}

variable "files_bucket_name" {
  description = "Name of the files bucket (default <project>-<prefix>-files)."
  type        = string
  default     = ""
}

variable "deletion_protection" {
  description = "Refuse to destroy the database and the services (turn off only to tear a test deployment down)."
  type        = bool
  default     = true
}
