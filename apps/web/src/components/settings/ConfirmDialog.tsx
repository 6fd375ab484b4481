'use client';

import { type ReactNode, useEffect, useId, useRef } from 'react';
import styles from './ConfirmDialog.module.css';

/**
 * A modal question before a destructive step, on the native `<dialog>` (focus moves into it
 * and stays there, Escape cancels). Cancel has the focus first, so Enter never destroys by
 * accident. Contract: `onCancel` is called for Escape and the Cancel button; `onConfirm` once
 * per click of the confirm button; the parent closes it by setting `open` to false.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      className={styles.dialog}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      {open ? (
        <div className="stack">
          <h2 id={titleId}>{title}</h2>
          <div>{children}</div>
          <div className="row">
            {/* biome-ignore lint/a11y/noAutofocus: the safe choice takes the focus in a confirmation */}
            <button type="button" className="secondary" onClick={onCancel} autoFocus>
              Cancel
            </button>
            <button type="button" className="danger" onClick={onConfirm}>
              {confirmLabel}
            </button>
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
