'use client';

import type { Element } from 'hast';
import { type ReactNode, useRef, useState } from 'react';
import styles from './Markdown.module.css';

/** The fence's language (`language-ts` on its `code`), if it named one. */
function languageOf(node: Element | undefined): string | undefined {
  const code = node?.children.find(
    (child): child is Element => child.type === 'element' && child.tagName === 'code',
  );
  const classes = code?.properties.className;
  const list = Array.isArray(classes) ? classes : [];
  const language = list.map(String).find((name) => name.startsWith('language-'));
  return language?.slice('language-'.length);
}

/** Copies through the Clipboard API, or, where it is missing (an insecure origin), a selection. */
async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    return copied;
  }
}

/** A fenced code block: its language and a Copy button above the highlighted code. */
export function CodeBlock({ node, children }: { node?: Element | undefined; children: ReactNode }) {
  const preRef = useRef<HTMLPreElement | null>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const language = languageOf(node);
  async function copy() {
    // The fence's closing newline is markup, not code.
    const ok = await copyText((preRef.current?.textContent ?? '').replace(/\n$/, ''));
    setCopied(ok ? 'yes' : 'failed');
    setTimeout(() => setCopied(null), 2000);
  }
  return (
    <div className={styles.codeBlock}>
      <div className={styles.codeBar}>
        <span className={styles.language}>{language ?? 'text'}</span>
        <button type="button" className={styles.copy} onClick={copy} data-copied={copied ?? undefined}>
          {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Copy failed — select the text' : 'Copy'}
        </button>
      </div>
      <pre ref={preRef}>{children}</pre>
    </div>
  );
}
