'use client';

import { useMemo, useState } from 'react';
import styles from './AgentEditor.module.css';
import { cronProblem } from './cron.ts';
import type { HeartbeatMode } from './draft.ts';
import { FieldError, invalidProps, Section, type SectionProps } from './fields.tsx';

const modes: { value: HeartbeatMode; label: string }[] = [
  { value: 'off', label: 'Off' },
  { value: 'interval', label: 'Every few minutes' },
  { value: 'cron', label: 'On a cron schedule' },
];

function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

function describe(draft: SectionProps['draft']): string {
  if (draft.heartbeatMode === 'off') return 'off';
  const when =
    draft.heartbeatMode === 'interval' ? `every ${draft.intervalMinutes || '?'} min` : draft.cron || 'cron';
  return draft.activeHoursOn ? `${when}, ${draft.activeStart}–${draft.activeEnd}` : when;
}

/**
 * The heartbeat: a schedule on which the agent wakes by itself, optionally only within
 * active hours, with the prompt it wakes with.
 */
export function HeartbeatSection({ draft, change, errors }: SectionProps) {
  // A cron typo shows as soon as the field is left, not only on submit.
  const [cronLeft, setCronLeft] = useState(false);
  const liveCron = cronLeft && draft.heartbeatMode === 'cron' ? cronProblem(draft.cron) : null;
  const shown = liveCron ? { ...errors, cron: liveCron } : errors;
  const zones = useMemo(timeZones, []);
  return (
    <Section title="Heartbeat" summary={describe(draft)} hasSettings={draft.heartbeatMode !== 'off'}>
      <p className="muted small">
        On each beat the agent wakes only when its inbox holds something due; an idle beat starts no run and
        costs nothing.
      </p>
      <fieldset>
        <legend>Wake the agent</legend>
        <div className="choices">
          {modes.map((mode) => (
            <label key={mode.value} className="choice">
              <input
                type="radio"
                name="heartbeatMode"
                value={mode.value}
                checked={draft.heartbeatMode === mode.value}
                onChange={() => change({ heartbeatMode: mode.value })}
              />
              {mode.label}
            </label>
          ))}
        </div>
      </fieldset>
      {draft.heartbeatMode === 'interval' ? (
        <div className={styles.field}>
          <label>
            Minutes between heartbeats
            <input
              inputMode="decimal"
              value={draft.intervalMinutes}
              onChange={(event) => change({ intervalMinutes: event.target.value })}
              {...invalidProps(shown, 'intervalMinutes')}
            />
          </label>
          <FieldError errors={shown} field="intervalMinutes" />
        </div>
      ) : null}
      {draft.heartbeatMode === 'cron' ? (
        <div className={styles.field}>
          <label>
            Cron expression
            <input
              value={draft.cron}
              onChange={(event) => change({ cron: event.target.value })}
              onBlur={() => setCronLeft(true)}
              placeholder="0 9 * * 1-5"
              autoComplete="off"
              spellCheck={false}
              {...invalidProps(shown, 'cron', 'cron-hint')}
            />
          </label>
          <span id="cron-hint" className="muted small">
            minute hour day-of-month month day-of-week, in the time zone below (UTC without active hours);
            e.g. <code>0 9 * * 1-5</code> is 9:00 on weekdays.
          </span>
          <FieldError errors={shown} field="cron" />
        </div>
      ) : null}
      {draft.heartbeatMode !== 'off' ? (
        <>
          <label className="choice">
            <input
              type="checkbox"
              checked={draft.activeHoursOn}
              onChange={(event) => change({ activeHoursOn: event.target.checked })}
            />
            Only during active hours
          </label>
          {draft.activeHoursOn ? (
            <div className={styles.grid3}>
              <div className={styles.field}>
                <label>
                  From
                  <input
                    type="time"
                    value={draft.activeStart}
                    onChange={(event) => change({ activeStart: event.target.value })}
                    {...invalidProps(shown, 'activeStart')}
                  />
                </label>
                <FieldError errors={shown} field="activeStart" />
              </div>
              <div className={styles.field}>
                <label>
                  Until
                  <input
                    type="time"
                    value={draft.activeEnd}
                    onChange={(event) => change({ activeEnd: event.target.value })}
                    {...invalidProps(shown, 'activeEnd')}
                  />
                </label>
                <FieldError errors={shown} field="activeEnd" />
              </div>
              <div className={styles.field}>
                <label>
                  Time zone
                  <input
                    list="agent-editor-time-zones"
                    value={draft.timezone}
                    onChange={(event) => change({ timezone: event.target.value })}
                    autoComplete="off"
                    {...invalidProps(shown, 'timezone')}
                  />
                </label>
                <datalist id="agent-editor-time-zones">
                  {zones.map((zone) => (
                    <option key={zone} value={zone} />
                  ))}
                </datalist>
                <FieldError errors={shown} field="timezone" />
              </div>
            </div>
          ) : null}
          <label>
            <span>
              Heartbeat prompt <span className="muted small">(optional; comes before the due items)</span>
            </span>
            <textarea
              rows={3}
              value={draft.heartbeatPrompt}
              onChange={(event) => change({ heartbeatPrompt: event.target.value })}
              placeholder="Check the inbox and act on anything due."
            />
          </label>
        </>
      ) : null}
    </Section>
  );
}
