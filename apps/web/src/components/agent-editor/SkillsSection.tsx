'use client';

import { useEffect, useRef, useState } from 'react';
import styles from './AgentEditor.module.css';
import { newRowId, type SkillDraft } from './draft.ts';
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
  useEffect(() => {
    if (focusOnMount) input.current?.focus();
  }, [focusOnMount]);
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
  const addButton = useRef<HTMLButtonElement>(null);
  const [added, setAdded] = useState<string | null>(null);
  const count = skills.filter((skill) => skill.path.trim()).length;
  const add = () => {
    const skill = { rowId: newRowId(), path: '' };
    setAdded(skill.rowId);
    change({ skills: [...skills, skill] });
  };
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
              focusOnMount={skill.rowId === added}
              update={(path) =>
                change({
                  skills: skills.map((item) => (item.rowId === skill.rowId ? { ...item, path } : item)),
                })
              }
              remove={() => {
                change({ skills: skills.filter((item) => item.rowId !== skill.rowId) });
                addButton.current?.focus();
              }}
            />
          ))}
        </ul>
      ) : null}
      <button type="button" className="secondary" ref={addButton} onClick={add}>
        Add skill folder
      </button>
    </Section>
  );
}
