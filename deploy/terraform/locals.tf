locals {
  image       = "${var.region}-docker.pkg.dev/${var.project_id}/${google_artifact_registry_repository.images.repository_id}/lifeosai:${var.image_tag}"
  bucket_name = var.files_bucket_name != "" ? var.files_bucket_name : "${var.project_id}-${var.name_prefix}-files"

  # Cloud Run's deterministic URLs (https://<service>-<project number>.<region>.run.app): each
  # service can name the others without a dependency cycle (the gateway and the Agent API need
  # each other's address).
  service_urls = {
    for key, service in local.services :
    key => "https://${service.name}-${data.google_project.this.number}.${var.region}.run.app"
  }

  # The Cloud Run services. `entrypoint` is deploy/entrypoint.sh's argument; `port` the service's
  # LIFEOSAI_*_PORT default (packages/config), which Cloud Run sends requests to. Only the web
  # app takes traffic from the internet; the others take it from the VPC (the callers' Direct VPC
  # egress sends everything through it).
  service_defaults = {
    ingress          = "INGRESS_TRAFFIC_INTERNAL_ONLY"
    cpu              = "1"
    memory           = "1Gi"
    cpu_idle         = true
    min_instances    = var.web_min_instances
    timeout_seconds  = 3600
    session_affinity = false
  }
  services = {
    for key, service in {
      web = {
        name       = "${var.name_prefix}-web"
        entrypoint = "web"
        port       = 3000
        ingress    = "INGRESS_TRAFFIC_ALL"
      }
      user-management = {
        name       = "${var.name_prefix}-user-management"
        entrypoint = "user-management"
        port       = 3001
      }
      auth = {
        name            = "${var.name_prefix}-auth"
        entrypoint      = "auth"
        port            = 3002
        memory          = "512Mi"
        min_instances   = 0
        timeout_seconds = 60
      }
      # The Agent API as `api` (LIFEOSAI_ROLE): HTTP and the phone bridge's WebSockets. A call is
      # one request for its whole length: the longest timeout Cloud Run has (3600 s), CPU always
      # allocated (the socket's audio is served between requests' bytes), warm instances, and
      # session affinity so a client's reconnect lands where its state is.
      agent-api = {
        name             = "${var.name_prefix}-api"
        entrypoint       = "agent-api"
        port             = 4000
        cpu              = "2"
        memory           = "2Gi"
        cpu_idle         = false
        min_instances    = var.api_min_instances
        session_affinity = true
      }
    } : key => merge(local.service_defaults, service)
  }

  # Every platform secret: the environment variable the services read -> who gets it.
  # Required ones are created here and must be given a version before the first deploy
  # (deploy/README.md says how to generate each); DATABASE_URL gets its version from Terraform.
  required_secrets = {
    DATABASE_URL                  = ["user-management", "auth", "agent-api", "worker", "migrate"]
    LIFEOSAI_SERVICE_SECRET       = ["web", "user-management", "auth", "agent-api", "worker"]
    BETTER_AUTH_SECRET            = ["auth"]
    LIFEOSAI_MASTER_KEY           = ["user-management", "agent-api", "worker"]
    LIFEOSAI_INTERNAL_SIGNING_KEY = ["user-management"]
    LIFEOSAI_VAPID_PUBLIC_KEY     = ["agent-api", "worker"]
    LIFEOSAI_VAPID_PRIVATE_KEY    = ["agent-api", "worker"]
  }
  optional_secret_consumers = {
    ANTHROPIC_API_KEY       = ["agent-api", "worker"]
    OPENAI_API_KEY          = ["agent-api", "worker"]
    GEMINI_API_KEY          = ["agent-api", "worker"]
    STRIPE_SECRET_KEY       = ["user-management"]
    STRIPE_WEBHOOK_SECRET   = ["user-management"]
    TWILIO_AUTH_TOKEN       = ["agent-api"]
    SMTP_URL                = ["auth"]
    GOOGLE_CLIENT_SECRET    = ["auth"]
    MICROSOFT_CLIENT_SECRET = ["auth"]
  }
  secrets = merge(
    local.required_secrets,
    { for name in var.optional_secrets : name => local.optional_secret_consumers[name] },
    var.extra_secrets,
  )
  # Secret Manager ids: lifeosai-database-url, lifeosai-master-key …
  secret_ids = {
    for name in keys(local.secrets) :
    name => "${var.name_prefix}-${replace(lower(trimprefix(name, "LIFEOSAI_")), "_", "-")}"
  }
  # Who reads what, by consumer: { agent-api = { LIFEOSAI_MASTER_KEY = "lifeosai-master-key", … } }.
  consumers = ["web", "user-management", "auth", "agent-api", "worker", "migrate"]
  secrets_by_consumer = {
    for consumer in local.consumers :
    consumer => { for name, readers in local.secrets : name => local.secret_ids[name] if contains(readers, consumer) }
  }
  secret_grants = {
    for pair in flatten([
      for name, readers in local.secrets : [for reader in readers : { name = name, reader = reader }]
    ]) : "${pair.reader}/${pair.name}" => pair
  }

  # Plain settings by consumer: where each service finds the others (packages/config,
  # apps/*/src/settings.ts), the files bucket, the role.
  common_settings = {
    LIFEOSAI_MODE       = "cloud"
    LIFEOSAI_HOST       = "0.0.0.0"
    LIFEOSAI_PUBLIC_URL = var.public_url
    LOG_FORMAT          = "json"
  }
  settings = {
    web = merge(local.common_settings, {
      LIFEOSAI_USER_MANAGEMENT_URL = local.service_urls["user-management"]
      # The web app reads the platform config, which insists on a Postgres URL in cloud mode; it
      # never connects. A URL without credentials satisfies it and grants nothing.
      DATABASE_URL = "postgres://unused.invalid/none"
      # Cloud Run's front end connects from a link-local address and appends the browser's to
      # X-Forwarded-For: believed from there only, so rate limits see browsers (unverified here).
      LIFEOSAI_TRUST_PROXY = "169.254.0.0/16"
    }, lookup(var.plain_settings, "web", {}))
    user-management = merge(local.common_settings, {
      LIFEOSAI_AUTH_URL      = local.service_urls["auth"]
      LIFEOSAI_AGENT_API_URL = local.service_urls["agent-api"]
      LIFEOSAI_FILES_BACKEND = "gcs"
      LIFEOSAI_FILES_BUCKET  = google_storage_bucket.files.name
    }, lookup(var.plain_settings, "user-management", {}))
    auth = merge(local.common_settings, lookup(var.plain_settings, "auth", {}))
    agent-api = merge(local.common_settings, {
      LIFEOSAI_ROLE              = "api"
      LIFEOSAI_IDENTITY_JWKS_URL = "${local.service_urls["user-management"]}/internal/jwks"
      LIFEOSAI_BILLING           = var.billing ? "on" : "off"
    }, lookup(var.plain_settings, "agent-api", {}))
    worker = merge(local.common_settings, {
      LIFEOSAI_ROLE                = "worker"
      LIFEOSAI_IDENTITY_JWKS_URL   = "${local.service_urls["user-management"]}/internal/jwks"
      LIFEOSAI_BILLING             = var.billing ? "on" : "off"
      LIFEOSAI_MAX_CONCURRENT_RUNS = tostring(var.worker_max_concurrent_runs)
    }, lookup(var.plain_settings, "worker", {}))
    migrate = merge(local.common_settings, lookup(var.plain_settings, "migrate", {}))
  }
}
