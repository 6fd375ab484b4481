'use client';

import { type FormEvent, type ReactNode, type RefObject, useId } from 'react';
import styles from './Chat.module.css';

/**
 * The message box with Send, or Stop while the followed run is queued or running (whatever the
 * harness is doing meanwhile: starting, waiting on the model, compacting). Enter sends,
 * Shift+Enter starts a new line. `above` is shown over the box (the edit banner, attachments).
 */
export function Composer({
  value,
  onChange,
  onSubmit,
  running,
  onStop,
  canSend,
  inputRef,
  above,
  tools,
  onPaste,
}: {
  value: string;
  onChange(value: string): void;
  onSubmit(): void;
  /** True while the followed run is queued or running: Stop replaces Send. */
  running: boolean;
  onStop(): void;
  /** False while there is nothing to send (or an upload is still going). */
  canSend: boolean;
  inputRef: RefObject<HTMLTextAreaElement | null>;
  above?: ReactNode;
  /** Buttons beside the box (attach). */
  tools?: ReactNode;
  onPaste?: (event: React.ClipboardEvent<HTMLTextAreaElement>) => void;
}) {
  const id = useId();
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!running && canSend) onSubmit();
  }
  return (
    <form className={`composer ${styles.composer}`} onSubmit={submit}>
      {above}
      <div className={styles.composerRow}>
        {tools}
        <label htmlFor={id} className="sr-only">
          Message
        </label>
        <textarea
          id={id}
          ref={inputRef}
          rows={2}
          value={value}
          onChange={(event) => onChange(event.target.value)}
          onPaste={onPaste}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              event.currentTarget.form?.requestSubmit();
            }
          }}
          placeholder="Message the agent (Enter to send, Shift+Enter for a new line)"
        />
        {running ? (
          <button type="button" className="danger" onClick={onStop}>
            Stop
          </button>
        ) : (
          <button type="submit" disabled={!canSend}>
            Send
          </button>
        )}
      </div>
    </form>
  );
}
