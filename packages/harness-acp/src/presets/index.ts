import { claudeAgentAcpPreset } from './claude-agent-acp.ts';
import { geminiPreset } from './gemini.ts';
import type { AcpPreset } from './preset.ts';

/*
 * Every ACP agent the platform knows by name: `adapterConfig.agent` is one of these ids.
 * A preset joins with its file in this folder and one entry here, nothing else.
 */

/** The presets, in the order pickers show them. */
export const acpPresets: ReadonlyArray<AcpPreset> = [claudeAgentAcpPreset, geminiPreset];

/** The preset of `presets` with this id, or undefined. */
export function findPreset(presets: ReadonlyArray<AcpPreset>, id: string): AcpPreset | undefined {
  return presets.find((preset) => preset.id === id);
}
