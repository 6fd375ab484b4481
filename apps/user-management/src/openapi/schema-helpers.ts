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

/** The JSON Schema of a request schema, as the route parses it (input side: defaults optional). */
export function schemaOf(schema: ZodType): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
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
