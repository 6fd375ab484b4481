import { isPlatformError } from '@lifeosai/errors';
import { createLocalFileStorage } from '@lifeosai/files';
import type { PlatformTool } from '@lifeosai/harness-spec';

/** Largest file `read_agent_file` returns whole; bigger ones are cut with a note. */
const maxReadBytes = 256 * 1024;

/**
 * The platform's own tools, exposed to every agent whose harness speaks MCP. They act on
 * the agent's workspace through the same file store the platform uses, so a name that
 * escapes the workspace (`..`, absolute, symlink) is refused exactly as an upload would be.
 */
export function platformToolsFor(workspace: string): PlatformTool[] {
  const files = createLocalFileStorage({ root: workspace });
  return [
    {
      name: 'list_agent_files',
      description: "Lists the files in the agent's own workspace, with their sizes.",
      inputSchema: { type: 'object', properties: { prefix: { type: 'string' } } },
      handler: async (input) => {
        const listed = await files.list(typeof input.prefix === 'string' ? input.prefix : undefined);
        const lines = listed.map((file) => `${file.name}\t${file.size} bytes`);
        return { content: [{ type: 'text', text: lines.length > 0 ? lines.join('\n') : '(no files)' }] };
      },
    },
    {
      name: 'read_agent_file',
      description: "Reads a UTF-8 text file from the agent's own workspace by its relative path.",
      inputSchema: { type: 'object', properties: { path: { type: 'string' } }, required: ['path'] },
      handler: async (input) => {
        try {
          const { stream, size } = await files.get(String(input.path));
          const chunks: Buffer[] = [];
          let read = 0;
          for await (const chunk of stream) {
            chunks.push(chunk as Buffer);
            read += (chunk as Buffer).length;
            if (read >= maxReadBytes) {
              stream.destroy();
              break;
            }
          }
          const text = Buffer.concat(chunks).subarray(0, maxReadBytes).toString('utf8');
          const note = size > maxReadBytes ? `\n[truncated: showing ${maxReadBytes} of ${size} bytes]` : '';
          return { content: [{ type: 'text', text: text + note }] };
        } catch (error) {
          const message = isPlatformError(error)
            ? error.message
            : `Could not read the file: ${(error as Error).message}`;
          return { content: [{ type: 'text', text: message }], isError: true };
        }
      },
    },
  ];
}
