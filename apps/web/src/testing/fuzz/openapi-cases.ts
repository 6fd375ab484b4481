import type { SeededRandom } from './seeded-random.ts';

type Schema = Record<string, unknown>;

/** One operation of the OpenAPI document, as the fuzzer needs it. */
export interface FuzzOperation {
  method: string;
  /** Path template, e.g. `/api/agent/agents/{id}`. */
  path: string;
  pathParams: string[];
  /** Query parameters with their schemas. */
  query: { name: string; schema: Schema }[];
  /** JSON body schema (refs resolved lazily), when the operation takes JSON. */
  jsonBody?: Schema;
  /** The operation takes a multipart upload. */
  multipart: boolean;
  /** Form body schema, when the operation takes `application/x-www-form-urlencoded` (a webhook's). */
  formBody?: Schema;
  /** The content types of raw binary bodies it takes (a plugin archive: `application/zip`…). */
  binaryTypes: string[];
}

/** One request the fuzzer sends. */
export interface FuzzCase {
  /** What was done to the request, for failure messages. */
  mutation: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  chunked?: boolean;
}

/** Characters no name may hold, and a few more that break naive parsers. */
const hostileCharacters = ['\u0000', '\u202e', '\u2066', '\u0085', '\n', '\u200b', '\u001b[31m', '\ud800'];
const malformedJson = [
  '{"name":',
  '[',
  'nul',
  '{"a":1}}',
  '\ufeff{"a":1}',
  "{'a':1}",
  '{"a":1,}',
  '"\\u00"',
  '{"a":"\\ud800"}',
];
const badEscapes = ['%ff', '%E0%A4%A', '%', '%zz', '%C0%80'];
/** Form bodies no form parser should choke on. */
const malformedForms = [
  'a=%ff&&=&b=%2&c',
  '=&=&=',
  '%00=%00',
  'a=1&a=2&a[]=3',
  '&'.repeat(5000),
  'x'.repeat(3000),
];

/** Raw binary bodies the fuzzer knows how to spoil. */
const binaryContentTypes = ['application/gzip', 'application/zip', 'application/octet-stream'];
/** Bytes that start like an archive and then are not one, or are nothing at all. */
const malformedArchives = [
  Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xde, 0xad, 0xbe, 0xef]),
  Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(40, 0xff)]),
  Buffer.concat([Buffer.from('PK\u0005\u0006'), Buffer.alloc(18, 0xff)]),
  Buffer.from('not an archive'),
  Buffer.alloc(0),
];

/** The operations of an OpenAPI document (its `paths`). */
export function operationsOf(document: { paths: Record<string, Record<string, Schema>> }): FuzzOperation[] {
  const operations: FuzzOperation[] = [];
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = (operation.parameters as Schema[] | undefined) ?? [];
      const content = (operation.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)
        ?.content;
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters
          .filter((parameter) => parameter.in === 'path')
          .map((parameter) => String(parameter.name)),
        query: parameters
          .filter((parameter) => parameter.in === 'query')
          .map((parameter) => ({ name: String(parameter.name), schema: (parameter.schema as Schema) ?? {} })),
        jsonBody: content?.['application/json']?.schema,
        multipart: content?.['multipart/form-data'] !== undefined,
        formBody: content?.['application/x-www-form-urlencoded']?.schema,
        binaryTypes: Object.keys(content ?? {}).filter((type) => binaryContentTypes.includes(type)),
      });
    }
  }
  return operations;
}

/** Generates bodies from the document's schemas, resolving `#/components/schemas/…` refs. */
export class CaseGenerator {
  readonly #components: Record<string, Schema>;
  readonly #random: SeededRandom;

  constructor(document: { components?: { schemas?: Record<string, Schema> } }, random: SeededRandom) {
    this.#components = document.components?.schemas ?? {};
    this.#random = random;
  }

  #resolve(schema: Schema | undefined): Schema {
    const ref = schema?.$ref;
    if (typeof ref === 'string') return this.#resolve(this.#components[ref.split('/').at(-1)!]);
    return schema ?? {};
  }

  /** A value of the schema's shape (valid as far as the document says). */
  sample(input: Schema | undefined, depth = 0): unknown {
    const schema = this.#resolve(input);
    const random = this.#random;
    if (Array.isArray(schema.enum)) return random.pick(schema.enum);
    const variants = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
    if (variants?.length) return this.sample(random.pick(variants), depth);
    const type = [schema.type].flat().find((item) => item !== 'null');
    if (type === 'object' || schema.properties) {
      if (depth > 4) return {};
      const properties = (schema.properties as Record<string, Schema> | undefined) ?? {};
      return Object.fromEntries(
        Object.entries(properties).map(([key, value]) => [key, this.sample(value, depth + 1)]),
      );
    }
    if (type === 'array') return depth > 4 ? [] : [this.sample(schema.items as Schema, depth + 1)];
    if (type === 'integer' || type === 'number') return random.int(0, 1000);
    if (type === 'boolean') return random.next() < 0.5;
    if (schema.format === 'email') return `fuzz${random.int(0, 1e6)}@example.test`;
    if (schema.format === 'uri') return 'https://example.test/x';
    return `fuzz-${random.int(0, 1e6)}`;
  }

  /** The same shape with every leaf of the wrong type. */
  wrongTypes(value: unknown): unknown {
    if (Array.isArray(value)) return { notAnArray: true };
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.wrongTypes(item)]));
    }
    if (typeof value === 'string') return this.#random.pick([12345, true, [], { nested: 'x' }, null, -1e308]);
    if (typeof value === 'number') return this.#random.pick(['NaN', '12', true, [], { n: 1 }]);
    if (typeof value === 'boolean') return this.#random.pick(['yes', 1, null]);
    return 'unexpected';
  }

  /** The same shape with a hostile character inside every string. */
  hostileStrings(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.hostileStrings(item));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.hostileStrings(item)]));
    }
    if (typeof value === 'string')
      return `${value.slice(0, 4)}${this.#random.pick(hostileCharacters)}${value.slice(4)}`;
    return value;
  }

  /** A path for the template with `fill(name)` for each parameter (already escaped). */
  #path(operation: FuzzOperation, fill: (name: string) => string, query = ''): string {
    const path = operation.path.replace(/\{(\w+)\}/g, (_match, name: string) => fill(name));
    return query ? `${path}?${query}` : path;
  }

  #validQuery(operation: FuzzOperation): string {
    return operation.query
      .map(({ name, schema }) => `${name}=${encodeURIComponent(String(this.sample(schema)))}`)
      .join('&');
  }

  /** Every request the fuzzer sends for `operation`, bodies over `bodyLimit` included. */
  casesFor(operation: FuzzOperation, bodyLimit: number): FuzzCase[] {
    const random = this.#random;
    const id = () => `fz_${random.int(0, 1e9).toString(36)}`;
    const plainPath = (query = this.#validQuery(operation)) => this.#path(operation, id, query);
    const json = { 'content-type': 'application/json' };
    const { method } = operation;
    const cases: FuzzCase[] = [];
    const add = (
      mutation: string,
      request: Omit<FuzzCase, 'mutation' | 'method' | 'headers'> & { headers?: Record<string, string> },
    ) => cases.push({ mutation, method, headers: {}, ...request });

    /** A body over the limit, declared and chunked. */
    const addOversize = (what: string, headers: Record<string, string>) => {
      const oversize = Buffer.alloc(bodyLimit + 64 * 1024, 'a');
      add(`a ${what} over the limit`, { path: plainPath(), headers, body: oversize });
      add(`a chunked ${what} over the limit`, { path: plainPath(), headers, body: oversize, chunked: true });
    };
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const formOf = (value: unknown) =>
      new URLSearchParams(
        Object.entries(value as Record<string, unknown>).map(([key, item]): [string, string] => [
          key,
          String(item),
        ]),
      ).toString();
    add('as documented', {
      path: plainPath(),
      ...(operation.jsonBody && { headers: json, body: JSON.stringify(this.sample(operation.jsonBody)) }),
      ...(operation.formBody && { headers: form, body: formOf(this.sample(operation.formBody)) }),
    });
    const badEscape = random.pick(badEscapes);
    add(`${badEscape} in the path`, {
      path: operation.pathParams.length
        ? this.#path(operation, () => badEscape)
        : `${operation.path}/${badEscape}`,
    });
    add(`${badEscape} in the query`, {
      path: `${plainPath('')}?${operation.query[0]?.name ?? 'q'}=${badEscape}`,
    });
    add('a NUL in the path', {
      path: operation.pathParams.length ? this.#path(operation, () => 'a%00b') : `${operation.path}%00`,
    });
    add('a parameter of 5000 characters', {
      path: operation.pathParams.length
        ? this.#path(operation, () => 'p'.repeat(5000))
        : plainPath(`q=${'q'.repeat(5000)}`),
    });
    for (const { name } of operation.query) {
      add(`query ${name} of a wrong type`, {
        path: plainPath(`${name}=${random.pick(['abc', '-1', '1e999', '', '%00', '[]'])}`),
      });
    }
    if (operation.jsonBody || operation.multipart) {
      const sample = this.sample(operation.jsonBody);
      add('malformed JSON', { path: plainPath(), headers: json, body: random.pick(malformedJson) });
      add('wrong types', { path: plainPath(), headers: json, body: JSON.stringify(this.wrongTypes(sample)) });
      add('a body that is not an object', {
        path: plainPath(),
        headers: json,
        body: random.pick(['[]', '"x"', '42', 'null', 'true']),
      });
      add('control characters in strings', {
        path: plainPath(),
        headers: json,
        body: JSON.stringify(this.hostileStrings(sample)),
      });
      add('another content type', {
        path: plainPath(),
        headers: {
          'content-type': random.pick([
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data',
            'application/xml',
          ]),
        },
        body: 'name=x&value=y',
      });
      addOversize('body', json);
    }
    for (const type of operation.binaryTypes) {
      add(`a malformed ${type} body`, {
        path: plainPath(),
        headers: { 'content-type': type },
        body: random.pick(malformedArchives),
      });
      addOversize(`${type} body`, { 'content-type': type });
    }
    if (operation.formBody) {
      const sample = this.sample(operation.formBody);
      add('a malformed form', { path: plainPath(), headers: form, body: random.pick(malformedForms) });
      add('control characters in form fields', {
        path: plainPath(),
        headers: form,
        body: formOf(this.hostileStrings(sample)),
      });
      add('JSON where a form is expected', {
        path: plainPath(),
        headers: json,
        body: JSON.stringify(sample),
      });
      addOversize('form', form);
    }
    return cases;
  }
}
