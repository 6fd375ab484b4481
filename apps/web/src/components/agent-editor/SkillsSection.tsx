'use client';

import { useRef } from 'react';
import styles from './AgentEditor.module.css';
import { newRowId, type SkillDraft } from './draft.ts';
import { useEditableRows, useFocusWhen } from './editable-rows.ts';
import { CapabilityNote, FieldError, invalidProps, Section, type SectionProps } from './fields.tsx';

function SkillRow({
  skill,
  index,
  errors,
  update,
  remove,
  focusOnMount,
}: {
  skill: SkillDraft;
  index: number;
  errors: SectionProps['errors'];
  update: (path: string) => void;
  remove: () => void;
  focusOnMount: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  useFocusWhen(input, focusOnMount);
  const field = `skills.${skill.rowId}`;
  return (
    <li className={styles.inlineRow}>
      <div className={`${styles.field} grow`}>
        <label>
          Skill folder {index + 1}
          <input
            ref={input}
            value={skill.path}
            onChange={(event) => update(event.target.value)}
            placeholder="skills/code-review"
            autoComplete="off"
            {...invalidProps(errors, field)}
          />
        </label>
        <FieldError errors={errors} field={field} />
      </div>
      <button
        type="button"
        className="secondary"
        onClick={remove}
        aria-label={`Remove skill folder ${index + 1}`}
      >
        Remove
      </button>
    </li>
  );
}

/** Skill folders (each with a SKILL.md), relative to the agent's workspace. */
export function SkillsSection({ draft, change, errors, harness }: SectionProps) {
  const skills = draft.skills;
  const rows = useEditableRows(skills, (next) => change({ skills: next }));
  const count = skills.filter((skill) => skill.path.trim()).length;
  return (
    <Section
      title="Skills"
      summary={count ? `${count} folder${count === 1 ? '' : 's'}` : 'none'}
      hasSettings={skills.length > 0}
    >
      <CapabilityNote harness={harness} capability="skills" what="skills" />
      <p className="muted small">
        Folders inside the agent’s workspace, each holding a <code>SKILL.md</code>. Empty rows are ignored.
      </p>
      {skills.length ? (
        <ul className="plain">
          {skills.map((skill, index) => (
            <SkillRow
              key={skill.rowId}
              skill={skill}
              index={index}
              errors={errors}
              focusOnMount={rows.isNew(skill)}
              update={(path) => rows.update(skill, { path })}
              remove={() => rows.remove(skill)}
            />
          ))}
        </ul>
      ) : null}
      <button
        type="button"
        className="secondary"
        ref={rows.addButton}
        onClick={() => rows.add({ rowId: newRowId(), path: '' })}
      >
        Add skill folder
      </button>
    </Section>
  );
}
