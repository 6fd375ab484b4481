import { z } from 'zod';
import { idSchema, timestampSchema } from './fields.ts';

/** `POST /api/plugins` with a JSON body: install from the npm registry, pinned to a version. */
export const installPluginBody = z
  .object({
    npm: z
      .string()
      .max(300)
      .regex(
        /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*@[0-9]+\.[0-9]+\.[0-9]+([-+][0-9A-Za-z.-]+)?$/,
        'expected name@version with an exact version, like lifeosai-plugin-review@1.2.0',
      ),
  })
  .strict();
export type InstallPluginBody = z.infer<typeof installPluginBody>;

/** What a plugin brings. */
export const pluginPartsSchema = z.object({
  skills: z.array(z.string()),
  mcpServers: z.array(z.string()),
  commands: z.array(z.string()),
  /** Whether it adds instructions. */
  instructions: z.boolean(),
});
export type PluginPartsView = z.infer<typeof pluginPartsSchema>;

/** An installed plugin (`201` of `POST /api/plugins`, items of `GET /api/plugins`). */
export const pluginSchema = z.object({
  id: idSchema,
  name: z.string(),
  version: z.string(),
  description: z.string().nullable(),
  /** `lifeosai` or `claude-code` (imported as it is). */
  format: z.enum(['lifeosai', 'claude-code']),
  source: z.enum(['upload', 'npm']),
  npmSpec: z.string().nullable(),
  /** `sha256-<base64>` of the archive. */
  checksum: z.string(),
  parts: pluginPartsSchema,
  /** JSON Schema of the config an agent gives it (`adapterConfig.pluginConfig[id]`); null: none. */
  configSchema: z.record(z.string(), z.unknown()).nullable(),
  /** Agents that enable it. */
  agents: z.array(z.object({ id: idSchema, name: z.string() })),
  createdAt: timestampSchema,
});
export type PluginView = z.infer<typeof pluginSchema>;
export const pluginListSchema = z.object({ items: z.array(pluginSchema) });
