'use client';

import { settingFields } from './draft.ts';
import { FieldError, invalidProps, type SectionProps } from './fields.tsx';

/**
 * The chosen harness's own settings, drawn from its metadata's `configFields` (Pi's base URL
 * and retries, Codex's reasoning effort, the ACP harness's agent): a new harness's settings
 * appear here without a change to the web app.
 */
export function HarnessSettings({ draft, change, errors, harness }: SectionProps) {
  const fields = settingFields(harness);
  if (!fields.length) return null;
  const set = (key: string, value: string) => change({ settings: { ...draft.settings, [key]: value } });
  return (
    <fieldset className="stack" data-testid="harness-settings">
      <legend>{harness?.displayName} settings</legend>
      {fields.map((field) => {
        const at = `settings.${field.key}`;
        const inputId = `setting-${field.key}`;
        const hintId = field.help ? `hint-${field.key}` : undefined;
        const value = draft.settings[field.key] ?? '';
        const stored = draft.otherHarnessConfig[field.key];
        const custom =
          draft.settings[field.key] === undefined && stored !== undefined && typeof stored === 'object';
        const placeholder = field.default === undefined ? undefined : String(field.default);
        const input =
          field.kind === 'choice' ? (
            <select
              id={inputId}
              name={at}
              value={value}
              onChange={(event) => set(field.key, event.target.value)}
              {...invalidProps(errors, at, hintId)}
            >
              <option value="">
                {custom
                  ? 'Custom (set through the API)'
                  : placeholder
                    ? `Default (${placeholder})`
                    : 'Choose…'}
              </option>
              {(field.choices ?? []).map((choice) => (
                <option key={choice} value={choice}>
                  {choice}
                </option>
              ))}
            </select>
          ) : field.kind === 'text-list' ? (
            <textarea
              id={inputId}
              name={at}
              rows={3}
              value={value}
              placeholder="One entry a line"
              onChange={(event) => set(field.key, event.target.value)}
              {...invalidProps(errors, at, hintId)}
            />
          ) : (
            <input
              id={inputId}
              name={at}
              type={field.kind === 'integer' ? 'number' : field.kind === 'url' ? 'url' : 'text'}
              min={field.min}
              max={field.max}
              value={value}
              placeholder={placeholder}
              onChange={(event) => set(field.key, event.target.value)}
              {...invalidProps(errors, at, hintId)}
            />
          );
        return (
          <label key={field.key} htmlFor={inputId}>
            {field.label}
            {field.required ? null : <span className="muted small"> (optional)</span>}
            {input}
            {field.help ? (
              <span id={hintId} className="muted small">
                {field.help}
              </span>
            ) : null}
            <FieldError errors={errors} field={at} />
          </label>
        );
      })}
    </fieldset>
  );
}
