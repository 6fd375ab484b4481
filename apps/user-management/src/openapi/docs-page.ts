import type { OpenApiDocument } from './document.ts';
import type { Operation } from './schema-helpers.ts';

/**
 * `/api/docs`: the OpenAPI document rendered once, at start, as one self-contained HTML page —
 * no script, no CDN, no font download — so it works offline and under the default CSP.
 */
export function renderDocsPage(document: OpenApiDocument): string {
  const byTag = new Map<string, { method: string; path: string; operation: Operation }[]>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const tag = operation.tags[0] ?? 'Other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push({ method, path, operation });
    }
  }
  const tags = document.tags.filter((tag) => byTag.has(tag.name));
  const sections = tags.map((tag) => {
    const operations = byTag
      .get(tag.name)!
      .map(({ method, path, operation }) => renderOperation(method, path, operation));
    return `<section id="${anchor(tag.name)}"><h2>${escapeHtml(tag.name)}</h2>${
      tag.description ? `<p>${inline(tag.description)}</p>` : ''
    }${operations.join('')}</section>`;
  });
  const schemas = Object.entries(document.components.schemas).map(
    ([name, schema]) =>
      `<details id="schema-${anchor(name)}"><summary>${escapeHtml(name)}</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)} ${escapeHtml(document.info.version)}</title>
<style>${styles}</style></head>
<body><header><h1>${escapeHtml(document.info.title)} <small>${escapeHtml(document.info.version)}</small></h1>
<p>${inline(document.info.description)}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a> (OpenAPI ${escapeHtml(document.openapi)}).</p>
<nav>${tags.map((tag) => `<a href="#${anchor(tag.name)}">${escapeHtml(tag.name)}</a>`).join(' · ')} · <a href="#schemas">Schemas</a></nav></header>
<main>${sections.join('')}<section id="schemas"><h2>Schemas</h2>${schemas.join('')}</section></main></body></html>`;
}

function renderOperation(method: string, path: string, operation: Operation): string {
  const role = operation['x-min-role'];
  const isPublic = Array.isArray(operation.security) && operation.security.length === 0;
  const access = isPublic ? 'public' : role && role !== 'member' ? `${role}+` : 'signed in';
  const parameters = (operation.parameters ?? []) as {
    name: string;
    in: string;
    required?: boolean;
    description?: string;
  }[];
  const body = operation.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined;
  const bodyParts = Object.entries(body?.content ?? {}).map(
    ([type, { schema }]) =>
      `<p class="label">Body <code>${escapeHtml(type)}</code></p><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre>`,
  );
  const responses = Object.entries(operation.responses).map(
    ([status, response]) =>
      `<li><code>${escapeHtml(status)}</code> ${escapeHtml((response as { description?: string }).description ?? '')}</li>`,
  );
  return `<article><h3><span class="method ${escapeHtml(method)}">${escapeHtml(method.toUpperCase())}</span> <code>${escapeHtml(path)}</code> <span class="access">${escapeHtml(access)}</span></h3>
<p>${inline(operation.summary)}</p>${operation.description ? `<p>${inline(operation.description)}</p>` : ''}
${
  parameters.length
    ? `<table><tr><th>parameter</th><th>in</th><th></th></tr>${parameters
        .map(
          (parameter) =>
            `<tr><td><code>${escapeHtml(parameter.name)}</code>${parameter.required ? ' *' : ''}</td><td>${escapeHtml(parameter.in)}</td><td>${inline(parameter.description ?? '')}</td></tr>`,
        )
        .join('')}</table>`
    : ''
}${bodyParts.join('')}<ul class="responses">${responses.join('')}</ul></article>`;
}

/** Escapes, then turns `code` spans into <code>. */
function inline(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function anchor(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

const styles = `
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d232a;background:#fafbfc}
header{padding:1.5rem 2rem;background:#fff;border-bottom:1px solid #dde2e7}
main{padding:0 2rem 3rem;max-width:72rem}
h1 small{font-weight:400;color:#687480;font-size:.6em}
nav a{color:#0b5cad;text-decoration:none}
section{margin-top:2rem}
article{background:#fff;border:1px solid #dde2e7;border-radius:6px;padding:.75rem 1rem;margin:.75rem 0}
h3{margin:0;font-size:1rem;font-weight:500}
.method{display:inline-block;min-width:4.2rem;text-align:center;border-radius:4px;color:#fff;font-size:.8rem;padding:.1rem .3rem;background:#687480}
.method.get{background:#1f7a4d}.method.post{background:#0b5cad}.method.put,.method.patch{background:#9a6700}.method.delete{background:#b42318}
.access{float:right;color:#687480;font-size:.85rem}
pre{background:#f3f5f7;padding:.6rem;border-radius:4px;overflow:auto;font-size:.8rem;max-height:24rem}
table{border-collapse:collapse;font-size:.9rem}td,th{text-align:left;padding:.15rem .8rem .15rem 0}
.label{margin:.5rem 0 0;color:#687480}.responses{margin:.4rem 0 0;padding-left:1.2rem}
code{font-family:ui-monospace,monospace;font-size:.9em}
`;
