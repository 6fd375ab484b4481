import { type ZodType, z } from 'zod';

/** A JSON Schema object as OpenAPI 3.1 embeds it. */
export type JsonSchema = Record<string, unknown>;

/** An OpenAPI operation, as this document writes them. */
export interface Operation {
  tags: string[];
  summary: string;
  description?: string;
  operationId: string;
  parameters?: unknown[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
  security?: unknown[];
  /** Lowest organization role allowed (documentation extension). */
  'x-min-role'?: 'owner' | 'admin' | 'member';
}

/**
 * Registers a schema as a component of the document (`#/components/schemas/<id>`): wherever it
 * appears inside another schema, the document refers to it instead of repeating it. The id
 * goes into zod's global registry, beside the schema's own `.describe()` text, because
 * `z.toJSONSchema` reads descriptions and ids from one registry.
 */
export function registerComponent(schema: ZodType, id: string): void {
  z.globalRegistry.add(schema, { ...z.globalRegistry.get(schema), id });
}

/** Which side of a schema to describe: what a request sends (defaults optional) or what a response carries. */
export type SchemaSide = 'input' | 'output';

/** Converts with the component registry; returns the schema and the components it refers to. */
function convert(schema: ZodType, io: SchemaSide): { root: JsonSchema; defs: Record<string, JsonSchema> } {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  // zod refers to registered schemas as `#/$defs/<id>`; in the document they are components.
  const rewritten = JSON.parse(
    JSON.stringify(json).replaceAll('"#/$defs/', '"#/components/schemas/'),
  ) as JsonSchema;
  const { $schema: _dialect, $defs, ...root } = rewritten;
  return { root, defs: ($defs ?? {}) as Record<string, JsonSchema> };
}

/**
 * The JSON Schema of a zod schema, by default as a route parses it (input side: defaults
 * optional); `'output'` for a response body. Registered components inside it become `$ref`s.
 */
export function schemaOf(schema: ZodType, io: SchemaSide = 'input'): JsonSchema {
  const registered = z.globalRegistry.get(schema)?.id;
  return registered ? ref(registered) : convert(schema, io).root;
}

/** The definition of a registered component (its own schema, with refs to the others). */
export function componentOf(schema: ZodType, io: SchemaSide): JsonSchema {
  const registered = z.globalRegistry.get(schema)?.id;
  if (!registered) throw new Error('componentOf: the schema is not registered as a component');
  const { root, defs } = convert(schema, io);
  return defs[registered] ?? root;
}

export const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });

export function jsonBody(schema: JsonSchema, required = true): unknown {
  return { required, content: { 'application/json': { schema } } };
}

export function jsonResponse(description: string, schema?: JsonSchema): unknown {
  return schema ? { description, content: { 'application/json': { schema } } } : { description };
}

export function errorResponse(description: string): unknown {
  return { description, content: { 'application/json': { schema: ref('Error') } } };
}

export function pathParam(name: string, description: string): unknown {
  return { name, in: 'path', required: true, description, schema: { type: 'string' } };
}

export function queryParams(schema: ZodType): unknown[] {
  const json = schemaOf(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
}

/** The error answers every private route can give, besides its own. */
export const privateErrors = {
  '401': errorResponse('No valid session cookie or API key.'),
  '403': errorResponse('Signed in, but the role in the organization is too low.'),
};
