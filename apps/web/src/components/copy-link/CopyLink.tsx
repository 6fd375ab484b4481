'use client';

import { useId, useRef, useState } from 'react';
import styles from './CopyLink.module.css';

/**
 * A link shown read-only with a Copy button and a status line ("Copied to the clipboard."). The
 * links it shows are credentials (invitations, resets): the caller decides who may see them.
 */
export function CopyLink({
  url,
  fieldLabel,
  buttonLabel,
}: {
  url: string;
  fieldLabel: string;
  buttonLabel: string;
}) {
  const field = useRef<HTMLInputElement>(null);
  const id = useId();
  const [copied, setCopied] = useState(false);

  async function copy() {
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // No clipboard API (a plain-http address other than localhost): select it for the keyboard.
      field.current?.select();
      document.execCommand('copy');
    }
    setCopied(true);
  }

  return (
    <>
      <div className={styles.linkRow}>
        <input
          ref={field}
          id={id}
          readOnly
          value={url}
          aria-label={fieldLabel}
          className={styles.link}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button type="button" className="secondary" aria-label={buttonLabel} onClick={copy}>
          Copy link
        </button>
      </div>
      <span role="status" className="muted small">
        {copied ? 'Copied to the clipboard.' : ''}
      </span>
    </>
  );
}
