import type { HarnessMetadata, ModelInfo } from '@lifeosai/harness-spec';
import type { AcpPreset } from './presets/preset.ts';

/** Every preset's models, each id once per provider; the first preset's default stays the default. */
export function presetModels(presets: ReadonlyArray<AcpPreset>): ModelInfo[] {
  const seen = new Set<string>();
  const defaults = new Set<string>();
  const out: ModelInfo[] = [];
  for (const model of presets.flatMap((preset) => preset.models)) {
    const key = `${model.provider}/${model.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const isDefault = model.isDefault === true && !defaults.has(model.provider);
    if (isDefault) defaults.add(model.provider);
    const { isDefault: _dropped, ...rest } = model;
    out.push(isDefault ? { ...rest, isDefault: true } : rest);
  }
  return out;
}

/**
 * What pickers, the agent editor and `doctor` know about the ACP harness (see
 * `HarnessMetadata`): the union of its presets' providers and models, and the preset ids as
 * the `agent` field's choices.
 */
export function acpMetadataFor(presets: ReadonlyArray<AcpPreset>): HarnessMetadata {
  return {
    description: 'Any agent that speaks the Agent Client Protocol: a preset, or a command of your own.',
    providers: [...new Set(presets.flatMap((preset) => preset.providers))],
    models: presetModels(presets),
    configFields: [
      {
        key: 'agent',
        label: 'Agent',
        kind: 'choice',
        required: true,
        choices: presets.map((preset) => preset.id),
        help: 'A preset, or in the JSON config {"command": …, "args": […], "env": {…}} for another ACP agent on this machine (it runs in the run sandbox).',
      },
      { key: 'provider', label: 'Provider', kind: 'provider' },
      { key: 'model', label: 'Model', kind: 'model' },
      {
        key: 'maxRetries',
        label: 'Retries of a failed model call',
        kind: 'integer',
        min: 0,
        max: 20,
        default: 2,
      },
    ],
  };
}
