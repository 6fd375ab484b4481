'use client';

import type { Attachment, maxAttachmentBytes } from '@lifeosai/api-contract';
import { type ClipboardEvent, type DragEvent, useCallback, useRef, useState } from 'react';
import { api, errorMessage } from '../../lib/api.ts';
import { formatBytes, promptWithAttachments } from '../../lib/attachment-prompt.ts';
import styles from './Attachments.module.css';

/** The contract's limit (type-checked against it: the contract is type-only in the browser). */
const maxBytes: typeof maxAttachmentBytes = 524_288;
/** Files one message may carry. */
const maxFiles = 5;
/** Images the browser shows as a thumbnail (never SVG: it may carry script). */
const thumbnailTypes = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** What the composer says about the limits, next to the Attach button. */
export const attachmentLimits = `Any file or image, up to ${formatBytes(maxBytes)} each, ${maxFiles} per message.`;

/**
 * Thumbnails of images attached in this tab, by workspace path, for the messages that carry
 * them. Kept for the page's life (a reload shows the file as a chip: the prompt names the file,
 * the bytes stay in the workspace).
 */
const thumbnails = new Map<string, string>();

/** The thumbnail of an attached image, when this tab attached it. */
export function thumbnailOf(path: string): string | undefined {
  return thumbnails.get(path);
}

/** One file in the composer: uploading, in the workspace, or refused (with why, in words). */
interface Pending {
  id: number;
  name: string;
  size: number;
  preview?: string;
  attachment?: Attachment;
  error?: string;
}

function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error(`Could not read ${file.name}; try attaching it again.`));
    reader.readAsDataURL(file);
  });
}

/** The composer's attachments: add (button, paste, drop), upload into the workspace, remove. */
export function useAttachments(agentId: string) {
  const [pending, setPending] = useState<Pending[]>([]);
  const nextId = useRef(0);

  // The list as last rendered, so `add` decides outside a state updater (which may run twice).
  const pendingRef = useRef(pending);
  pendingRef.current = pending;

  const add = useCallback(
    (files: Iterable<File>) => {
      let accepted = pendingRef.current.filter((p) => !p.error).length;
      const added: Pending[] = [];
      for (const file of files) {
        const id = nextId.current++;
        const item: Pending = { id, name: file.name || 'pasted file', size: file.size };
        if (accepted >= maxFiles) {
          added.push({ ...item, error: `Only ${maxFiles} files per message; send these first.` });
          continue;
        }
        if (file.size > maxBytes) {
          added.push({
            ...item,
            error: `${formatBytes(file.size)} is over the ${formatBytes(maxBytes)} limit; attach a smaller file.`,
          });
          continue;
        }
        if (file.size === 0) {
          added.push({ ...item, error: 'The file is empty; attach one with content.' });
          continue;
        }
        accepted++;
        const preview = thumbnailTypes.has(file.type) ? URL.createObjectURL(file) : undefined;
        added.push({ ...item, ...(preview && { preview }) });
        void base64Of(file)
          .then((contentBase64) =>
            api<Attachment>(`/api/agent/agents/${agentId}/attachments`, {
              body: { name: item.name, contentType: file.type || 'application/octet-stream', contentBase64 },
            }),
          )
          .then(
            (attachment) => {
              if (preview) thumbnails.set(attachment.path, preview);
              setPending((now) => now.map((p) => (p.id === id ? { ...p, attachment } : p)));
            },
            (caught: unknown) =>
              setPending((now) =>
                now.map((p) => (p.id === id ? { ...p, error: `Not attached: ${errorMessage(caught)}` } : p)),
              ),
          );
      }
      setPending((current) => [...current, ...added]);
    },
    [agentId],
  );

  const ready = pending.flatMap((p) => (p.attachment ? [p.attachment] : []));
  return {
    pending,
    ready,
    /** True while a file is still on its way: Send waits for it. */
    uploading: pending.some((p) => !p.attachment && !p.error),
    add,
    remove: (id: number) => setPending((current) => current.filter((p) => p.id !== id)),
    clear: () => setPending([]),
    /** The prompt to send: the typed text, then where each attached file is. */
    promptWith: (text: string) => promptWithAttachments(text, ready),
    onPaste: (event: ClipboardEvent<HTMLTextAreaElement>) => {
      if (event.clipboardData.files.length === 0) return;
      event.preventDefault();
      add(event.clipboardData.files);
    },
    onDragOver: (event: DragEvent) => {
      if (event.dataTransfer.types.includes('Files')) event.preventDefault();
    },
    onDrop: (event: DragEvent) => {
      if (event.dataTransfer.files.length === 0) return;
      event.preventDefault();
      add(event.dataTransfer.files);
    },
  };
}

export type AttachmentsState = ReturnType<typeof useAttachments>;

function Thumbnail({ src, alt, className }: { src: string; alt: string; className: string | undefined }) {
  // biome-ignore lint/performance/noImgElement: a blob: URL of a local file; nothing for next/image to optimize
  return <img src={src} alt={alt} className={className} />;
}

/** The Attach button (a hidden file input behind it). */
export function AttachButton({ state }: { state: AttachmentsState }) {
  const input = useRef<HTMLInputElement | null>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        aria-label="Attach files"
        onChange={(event) => {
          if (event.target.files) state.add(event.target.files);
          event.target.value = '';
        }}
      />
      <button
        type="button"
        className={styles.attach}
        onClick={() => input.current?.click()}
        title={attachmentLimits}
      >
        Attach
      </button>
    </>
  );
}

/** The files about to be sent, each removable, with its error in words when it was refused. */
export function PendingAttachments({ state }: { state: AttachmentsState }) {
  if (state.pending.length === 0) return null;
  return (
    <ul className={styles.list} aria-label="Attachments">
      {state.pending.map((p) => (
        <li
          key={p.id}
          className={styles.chip}
          data-state={p.error ? 'error' : p.attachment ? 'ready' : 'uploading'}
        >
          {p.preview ? <Thumbnail src={p.preview} alt="" className={styles.thumb} /> : null}
          <span className={styles.name}>{p.name}</span>
          <span className="muted small">
            {p.error ?? (p.attachment ? formatBytes(p.size) : `uploading ${formatBytes(p.size)}…`)}
          </span>
          <button
            type="button"
            className={styles.remove}
            onClick={() => state.remove(p.id)}
            aria-label={`Remove ${p.name}`}
          >
            ×
          </button>
        </li>
      ))}
      <li className="muted small">{attachmentLimits}</li>
    </ul>
  );
}

/** The files a sent message carries: a thumbnail for an image this tab attached, else a chip. */
export function MessageAttachments({ attachments }: { attachments: Attachment[] }) {
  return (
    <ul className={styles.list} aria-label="Attached files">
      {attachments.map((file) => {
        const thumbnail = thumbnailOf(file.path);
        return (
          <li key={file.path} className={styles.chip} data-path={file.path}>
            {thumbnail ? <Thumbnail src={thumbnail} alt={file.name} className={styles.thumbLarge} /> : null}
            <span className={styles.name}>{file.name}</span>
            <span className="small">{formatBytes(file.size)}</span>
          </li>
        );
      })}
    </ul>
  );
}
