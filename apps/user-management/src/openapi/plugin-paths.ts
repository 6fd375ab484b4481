import { installPluginBody, pluginListSchema, pluginSchema } from '@lifeosai/api-contract';
import {
  errorResponse,
  jsonResponse,
  type Operation,
  pathParam,
  privateErrors,
  schemaOf,
} from './schema-helpers.ts';

const tags = ['Plugins'];
const archive = { type: 'string', contentMediaType: 'application/octet-stream' };
/** Admins and owners install and uninstall, as they edit agents; members read. */
const manage = { 'x-min-role': 'admin' as const };

/** The organization's plugins (contract: shared/API.md "Billing, OAuth connections, plugins"). */
export const pluginPaths: Record<string, Record<string, Operation>> = {
  '/api/plugins': {
    get: {
      tags,
      summary: "The organization's plugins, with the agents enabling each",
      operationId: 'listPlugins',
      responses: {
        '200': jsonResponse(
          'Installed plugins, by name then newest first.',
          schemaOf(pluginListSchema, 'output'),
        ),
        ...privateErrors,
      },
    },
    post: {
      tags,
      summary: 'Install a plugin: an uploaded .tgz/.zip, or name@version from the npm registry',
      description:
        'The bundle holds `lifeosai-plugin.json` or a Claude Code plugin (`.claude-plugin/plugin.json`, imported ' +
        'as it is), at its root or in one top folder (`package/` in an npm tarball). Send it as multipart/form-data ' +
        '(one file part) or as the raw body (`application/gzip`, `application/zip`, `application/octet-stream`); the ' +
        'format is read from its first bytes. Or send `{"npm": "name@1.2.3"}`: an exact version, downloaded from the ' +
        "configured registry (LIFEOSAI_NPM_REGISTRY) and checked against the registry's sha512 integrity. Links, " +
        'devices, paths outside the bundle, more than 2,000 files or 50 MiB unpacked are refused.',
      operationId: 'installPlugin',
      ...manage,
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: schemaOf(installPluginBody) },
          'multipart/form-data': { schema: { type: 'object', properties: { file: archive } } },
          'application/gzip': { schema: archive },
          'application/zip': { schema: archive },
          'application/octet-stream': { schema: archive },
        },
      },
      responses: {
        '201': jsonResponse('Installed.', schemaOf(pluginSchema, 'output')),
        '400': errorResponse('PLUGIN_INVALID (with the reason), FILE_MISSING, or a malformed npm spec.'),
        ...privateErrors,
        '409': errorResponse('PLUGIN_EXISTS: this name and version is installed already.'),
        '413': errorResponse('FILE_TOO_LARGE or BODY_TOO_LARGE: the archive is over the limit (20 MiB).'),
        '502': errorResponse(
          'PLUGIN_FETCH_FAILED: the registry did not give the package, or its integrity is wrong.',
        ),
      },
    },
  },
  '/api/plugins/{id}': {
    delete: {
      tags,
      summary: 'Uninstall a plugin',
      description: "Also removes it from every agent's `plugins` and `adapterConfig.pluginConfig`.",
      operationId: 'uninstallPlugin',
      ...manage,
      parameters: [pathParam('id', 'Plugin id.')],
      responses: {
        '204': jsonResponse('Uninstalled.'),
        ...privateErrors,
        '404': errorResponse("PLUGIN_NOT_FOUND: unknown, or another organization's."),
      },
    },
  },
};
