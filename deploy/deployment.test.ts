/**
 * The deployment files checked without Docker or Terraform (neither runs here): every `.tf`
 * parses (`@cdktf/hcl2json`, HashiCorp's own HCL parser compiled to WebAssembly) and every
 * reference in it resolves; every secret Terraform hands out is one a service reads, and every
 * one a service cannot start without is handed out; the image, compose and the workflows agree
 * with each other and with the services' configuration. deploy/entrypoints.test.ts starts what
 * the image starts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configSchema, loadConfig } from '@lifeosai/config';
import { loadMasterKey, loadServiceSecret } from '@lifeosai/secrets';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadAuthSettings } from '../apps/auth/src/settings.ts';
import { loadSigningKey } from '../apps/user-management/src/tokens/signing-key.ts';
import {
  composeFile,
  deployDir,
  dockerfile,
  imageParts,
  namesFromOtherParts,
  repoRoot,
  sourceText,
  workflow,
} from './testing/deployment-files.ts';

const terraformDir = join(deployDir, 'terraform');

/**
 * HashiCorp's HCL parser (WebAssembly). Imported by a name the type checker does not follow: its
 * typings reference the DOM library, which would change `fetch`'s types for the whole repository.
 */
const hcl2json = '@cdktf/hcl2json';
const { parse: parseHcl } = (await import(hcl2json)) as {
  parse(filename: string, contents: string): Promise<Record<string, unknown>>;
};

// biome-ignore lint/suspicious/noExplicitAny: parsed HCL/YAML of any shape
type Json = Record<string, any>;
interface Terraform {
  files: Map<string, Json>;
  variables: Set<string>;
  locals: Json;
  resources: Set<string>;
  data: Set<string>;
  modules: Set<string>;
  outputs: Set<string>;
}

let tf: Terraform;
/** `local.services`, evaluated. */
let services: Record<string, Json>;

beforeAll(async () => {
  const files = new Map<string, Json>();
  for (const name of readdirSync(terraformDir).filter((file) => file.endsWith('.tf'))) {
    files.set(name, await parseHcl(name, readFileSync(join(terraformDir, name), 'utf8')));
  }
  tf = {
    files,
    variables: new Set(),
    locals: {},
    resources: new Set(),
    data: new Set(),
    modules: new Set(),
    outputs: new Set(),
  };
  for (const json of files.values()) {
    for (const name of Object.keys(json.variable ?? {})) tf.variables.add(name);
    for (const block of json.locals ?? []) Object.assign(tf.locals, block);
    for (const [type, named] of Object.entries<Json>(json.resource ?? {}))
      for (const name of Object.keys(named)) tf.resources.add(`${type}.${name}`);
    for (const [type, named] of Object.entries<Json>(json.data ?? {}))
      for (const name of Object.keys(named)) tf.data.add(`${type}.${name}`);
    for (const name of Object.keys(json.module ?? {})) tf.modules.add(name);
    for (const name of Object.keys(json.output ?? {})) tf.outputs.add(name);
  }
  // `services` is `{ for key, service in { … } : key => merge(local.service_defaults, service) }`:
  // its object literal parsed as HCL, each entry over the defaults, as Terraform evaluates it.
  const expression = tf.locals.services as string;
  const literal = expression.slice(
    expression.indexOf(' in ') + 4,
    expression.lastIndexOf(' : key => merge('),
  );
  const entries = ((await parseHcl('services', `locals {\n  x = ${literal}\n}\n`)) as Json).locals[0].x;
  services = Object.fromEntries(
    Object.entries<Json>(entries).map(([key, service]) => [
      key,
      { ...tf.locals.service_defaults, ...service },
    ]),
  );
});

/** Every `${…}` (and `%{…}`) expression in a parsed file, with where it was. */
function expressions(value: unknown, path: string, found: Array<{ path: string; text: string }> = []) {
  if (typeof value === 'string') {
    for (let start = value.search(/[$%]\{/); start !== -1; ) {
      let depth = 0;
      let end = start + 1;
      for (; end < value.length; end++) {
        if (value[end] === '{') depth++;
        else if (value[end] === '}' && --depth === 0) break;
      }
      found.push({ path, text: value.slice(start + 2, end) });
      const next = value.slice(end + 1).search(/[$%]\{/);
      start = next === -1 ? -1 : end + 1 + next;
    }
  } else if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) expressions(item, `${path}[${index}]`, found);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) expressions(item, `${path}.${key}`, found);
  }
  return found;
}

/** A reference's root → whether it names something that exists (undefined: not ours to check). */
function unresolved(text: string): string[] {
  const problems: string[] = [];
  // Strings inside the expression are not references.
  const code = text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  for (const match of code.matchAll(
    /(?<![\w.])([a-z][a-z0-9_]*)\.([a-z_][a-z0-9_-]*)(?:\.([a-z_][a-z0-9_-]*))?/g,
  )) {
    const [whole, root, first, second] = match;
    if (root === 'var' && !tf.variables.has(first!)) problems.push(whole);
    if (root === 'local' && !(first! in tf.locals)) problems.push(whole);
    if (root === 'module' && !tf.modules.has(first!)) problems.push(whole);
    if (root === 'data' && !tf.data.has(`${first}.${second}`)) problems.push(whole);
    if (/^(google|random)_/.test(root!) && !tf.resources.has(`${root}.${first}`)) problems.push(whole);
  }
  return problems;
}

/** Uppercase setting names assigned in a Terraform map expression (`{ NAME = … }`). */
function assignedNames(expression: string): string[] {
  return [...expression.matchAll(/\b([A-Z][A-Z0-9_]+)\s*=/g)].map((match) => match[1]!);
}

describe('Terraform', () => {
  it('parses, and every variable, local, resource, data source and module it references exists', () => {
    expect(tf.files.size).toBeGreaterThanOrEqual(10);
    const problems: string[] = [];
    for (const [file, json] of tf.files) {
      for (const { path, text } of expressions(json, file)) {
        for (const reference of unresolved(text)) problems.push(`${path}: ${reference}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('uses every variable it declares, and outputs what the workflows read', () => {
    const all = [...tf.files.values()].map((json) => JSON.stringify(json)).join('\n');
    const unused = [...tf.variables].filter((name) => !all.includes(`var.${name}`));
    expect(unused).toEqual([]);
    const read = [...workflow('deploy.yml').text.matchAll(/terraform output -raw (\w+)/g)].map(
      (match) => match[1]!,
    );
    expect(read.length).toBeGreaterThan(0);
    for (const name of read) expect(tf.outputs, `output ${name}`).toContain(name);
  });

  it("renders the worker's startup script with exactly the values the template uses", () => {
    const template = readFileSync(join(terraformDir, 'worker-startup.sh.tftpl'), 'utf8');
    const used = new Set([...template.matchAll(/(?<!\$)\$\{([a-z_]+)\}/g)].map((match) => match[1]!));
    const call = JSON.stringify(tf.files.get('workers.tf')).match(/templatefile\(([\s\S]*?)\}\)/)![1]!;
    expect(call).toContain('worker-startup.sh.tftpl');
    const given = new Set([...call.matchAll(/\\n\s+([a-z_]+)\s+=/g)].map((match) => match[1]!));
    expect(given).toEqual(used);
    // It starts the image as the worker, with the sandbox's security options.
    expect(template).toMatch(/\$\{image\} worker\s*$/);
    for (const option of ['seccomp=unconfined', 'apparmor=unconfined', 'systempaths=unconfined'])
      expect(template).toContain(option);
  });

  it('hands out only secrets the services read, and every secret a service cannot start without', async () => {
    const required = tf.locals.required_secrets as Record<string, string[]>;
    const optional = tf.locals.optional_secret_consumers as Record<string, string[]>;
    const source = sourceText();
    for (const name of [...Object.keys(required), ...Object.keys(optional)]) {
      expect(source.includes(`'${name}'`) || source.includes(name), `${name} is read by a service`).toBe(
        true,
      );
    }
    // The reverse: each loader refuses cloud mode without its variable, naming it.
    const home = '/nonexistent/lifeosai-home';
    const cloud: Record<string, string> = {
      LIFEOSAI_MODE: 'cloud',
      LIFEOSAI_HOME: home,
      DATABASE_URL: 'postgres://h/db',
      LIFEOSAI_SERVICE_SECRET: 'x'.repeat(48),
      BETTER_AUTH_SECRET: 'y'.repeat(48),
    };
    const without = (name: string) =>
      Object.fromEntries(Object.entries(cloud).filter(([key]) => key !== name));
    const refusals: Array<[string, string[], () => unknown]> = [
      [
        'DATABASE_URL',
        ['user-management', 'auth', 'agent-api', 'worker', 'migrate'],
        () => loadConfig({ env: without('DATABASE_URL') }),
      ],
      [
        'LIFEOSAI_SERVICE_SECRET',
        ['web', 'user-management', 'auth', 'agent-api', 'worker'],
        () => loadServiceSecret({ mode: 'cloud', home, env: without('LIFEOSAI_SERVICE_SECRET') }),
      ],
      ['BETTER_AUTH_SECRET', ['auth'], () => loadAuthSettings(without('BETTER_AUTH_SECRET'))],
      [
        'LIFEOSAI_MASTER_KEY',
        ['user-management', 'agent-api', 'worker'],
        () => loadMasterKey({ mode: 'cloud', home, env: cloud }),
      ],
      [
        'LIFEOSAI_INTERNAL_SIGNING_KEY',
        ['user-management'],
        () => loadSigningKey({ mode: 'cloud', home, env: cloud }),
      ],
    ];
    for (const [name, readers, load] of refusals) {
      await expect(Promise.resolve().then(load), name).rejects.toThrow(name);
      for (const reader of readers) expect(required[name], `${reader} gets ${name}`).toContain(reader);
    }
    expect(Object.keys(required).sort()).toEqual(expect.arrayContaining(refusals.map(([name]) => name)));
  });

  it('wires each service with settings the services read, on the ports packages/config gives them', () => {
    const source = sourceText();
    const settings = tf.locals.settings as Record<string, string>;
    for (const [consumer, expression] of Object.entries(settings)) {
      for (const name of assignedNames(expression)) {
        expect(
          source.includes(name) || namesFromOtherParts.includes(name),
          `${consumer}: ${name} is read`,
        ).toBe(true);
      }
    }
    expect(assignedNames(settings['user-management']!)).toEqual(
      expect.arrayContaining([
        'LIFEOSAI_AUTH_URL',
        'LIFEOSAI_AGENT_API_URL',
        'LIFEOSAI_FILES_BACKEND',
        'LIFEOSAI_FILES_BUCKET',
      ]),
    );
    expect(settings['user-management']).toMatch(/LIFEOSAI_FILES_BACKEND\s*=\s*"gcs"/);
    expect(settings['agent-api']).toMatch(/LIFEOSAI_ROLE\s*=\s*"api"/);
    expect(settings.worker).toMatch(/LIFEOSAI_ROLE\s*=\s*"worker"/);
    expect(settings['agent-api']).toContain('/internal/jwks');

    const ports = configSchema.parse({ home: '/x' }).ports;
    expect(Object.fromEntries(Object.entries(services).map(([key, service]) => [key, service.port]))).toEqual(
      {
        web: ports.web,
        'user-management': ports.userManagement,
        auth: ports.auth,
        'agent-api': ports.agentApi,
      },
    );
    for (const service of Object.values(services)) expect(imageParts()).toContain(service.entrypoint);
    // The phone bridge's sockets: the longest request, CPU always on, warm, sticky.
    expect(services['agent-api']).toMatchObject({
      timeout_seconds: 3600,
      cpu_idle: false,
      session_affinity: true,
    });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile/Terraform/Actions syntax, not JavaScript
    expect(services['agent-api']!.min_instances).toBe('${var.api_min_instances}');
    const workers = tf.files.get('workers.tf')!;
    expect(workers.resource.google_compute_health_check.worker[0].http_health_check[0]).toEqual({
      port: ports.agentApi,
      request_path: '/healthz',
    });
    expect(workers.resource.google_compute_instance_template.worker[0].scheduling[0].provisioning_model).toBe(
      'SPOT',
    );
    expect(
      workers.resource.google_compute_instance_template.worker[0].network_interface[0].access_config,
    ).toBeUndefined();
  });

  it('gives every service account only its own secrets', () => {
    const required = tf.locals.required_secrets as Record<string, string[]>;
    const optional = tf.locals.optional_secret_consumers as Record<string, string[]>;
    // The web app holds the service secret and nothing else; no one but the gateway gets Stripe's key.
    expect(
      Object.entries(required)
        .filter(([, readers]) => readers.includes('web'))
        .map(([name]) => name),
    ).toEqual(['LIFEOSAI_SERVICE_SECRET']);
    expect(optional.STRIPE_SECRET_KEY).toEqual(['user-management']);
    for (const name of ['ANTHROPIC_API_KEY', 'OPENAI_API_KEY', 'GEMINI_API_KEY'])
      expect(optional[name]).toEqual(['agent-api', 'worker']);
    // Grants are per secret, never project-wide secret access.
    const all = JSON.stringify([...tf.files.values()]);
    expect(all).not.toMatch(/google_project_iam_member[^}]*secretAccessor/);
    expect(JSON.stringify(tf.files.get('secrets.tf'))).toContain('roles/secretmanager.secretAccessor');
  });
});

describe('the image', () => {
  it('is built in stages on the Node version the repository pins, and runs as a non-root user', () => {
    const image = dockerfile();
    const nvmrc = readFileSync(join(repoRoot, '.nvmrc'), 'utf8').trim();
    expect(image.args.NODE_VERSION).toBe(nvmrc);
    expect(image.stages.length).toBeGreaterThanOrEqual(3);
    const names = image.stages.map((stage) => stage.name);
    for (const stage of image.stages)
      expect(/^node:\$\{NODE_VERSION\}-/.test(stage.from) || names.includes(stage.from), stage.from).toBe(
        true,
      );
    const runtime = image.stages.at(-1)!;
    expect(runtime.user).toMatch(/^\d+/);
    expect(Number.parseInt(runtime.user!, 10)).toBeGreaterThan(0);
    expect(runtime.text).toMatch(/apt-get install[^\n]*bubblewrap/);
    expect(image.text).toMatch(/npm ci/);
    expect(image.text).toMatch(/npm run build -w @lifeosai\/web/);
    expect(runtime.env.LIFEOSAI_MODE).toBe('cloud');
    // Every file the runtime stage copies from the build context exists.
    for (const source of runtime.copiedFromContext) {
      expect(
        readdirSync(join(repoRoot, source.replace(/\/$/, '').split('/').slice(0, -1).join('/') || '.')),
      ).toContain(source.replace(/\/$/, '').split('/').at(-1));
    }
  });

  it('has an entrypoint for every service, the worker and the migration, and refuses anything else', () => {
    expect(imageParts().sort()).toEqual(['agent-api', 'auth', 'migrate', 'user-management', 'web', 'worker']);
  });
});

describe('compose', () => {
  it('starts the image as every part but the migration after it, each with its own secrets', () => {
    const compose = composeFile();
    const parts = Object.values(compose.services)
      .filter((service) => service.command)
      .map((service) => service.command![0]);
    expect(parts.sort()).toEqual(imageParts().sort());
    for (const [name, service] of Object.entries(compose.services)) {
      if (!service.command || name === 'migrate' || name === 'web') continue;
      expect(service.depends_on?.migrate?.condition, name).toBe('service_completed_successfully');
    }
    // The same secrets as Terraform gives each service (Postgres's password is in DATABASE_URL).
    const required = tf.locals.required_secrets as Record<string, string[]>;
    for (const [name, service] of Object.entries(compose.services)) {
      if (!service.command) continue;
      const consumer = service.command[0] === 'agent-api' ? 'agent-api' : service.command[0]!;
      const given = Object.keys(service.environment ?? {}).filter((variable) => variable in required);
      const expected = Object.entries(required)
        .filter(([, readers]) => readers.includes(consumer))
        .map(([variable]) => variable);
      if (consumer === 'web') expected.push('DATABASE_URL'); // the credential-less placeholder
      expect(given.sort(), name).toEqual(expected.sort());
    }
    const worker = compose.services.worker!;
    expect(worker.security_opt).toEqual([
      'seccomp=unconfined',
      'apparmor=unconfined',
      'systempaths=unconfined',
    ]);
    // Only the web app is published.
    expect(
      Object.entries(compose.services)
        .filter(([, service]) => service.ports)
        .map(([name]) => name),
    ).toEqual(['web']);
  });
});

describe('workflows', () => {
  it('CI is .ci/run', () => {
    const ci = workflow('ci.yml');
    const steps = Object.values<Json>(ci.json.jobs).flatMap((job) => job.steps as Json[]);
    expect(steps.map((step) => step.run).filter(Boolean)).toEqual(['.ci/run']);
  });

  it('builds and pushes the image on main, deploys on a tag with migrations first, signs in with OIDC', () => {
    const image = workflow('image.yml');
    expect(image.json.on.push.branches).toEqual(['main']);
    expect(image.text).toContain('file: deploy/Dockerfile');
    const deploy = workflow('deploy.yml');
    expect(deploy.json.on.push.tags).toEqual(['v*']);
    const run = deploy.text;
    expect(run.indexOf('-target=google_cloud_run_v2_job.migrate')).toBeLessThan(
      run.indexOf('gcloud run jobs execute'),
    );
    expect(run.indexOf('gcloud run jobs execute')).toBeLessThan(run.lastIndexOf('terraform apply'));
    expect(tf.resources).toContain('google_cloud_run_v2_job.migrate');
    for (const { json, text } of [image, deploy]) {
      expect(json.permissions['id-token']).toBe('write');
      expect(text).toContain('workload_identity_provider:');
      expect(text).not.toMatch(/credentials_json|GOOGLE_APPLICATION_CREDENTIALS/);
    }
    // Every TF_VAR_ the workflow sets is a variable; the image path is the registry Terraform makes.
    for (const match of run.matchAll(/TF_VAR_(\w+)/g)) expect(tf.variables).toContain(match[1]);
    const prefix = JSON.stringify(tf.files.get('variables.tf')!.variable.name_prefix);
    expect(prefix).toContain('"default":"lifeosai"');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: Dockerfile/Terraform/Actions syntax, not JavaScript
    expect(run).toContain('-docker.pkg.dev/${{ vars.GCP_PROJECT_ID }}/lifeosai/lifeosai');
  });
});
