'use client';

import { useEffect, useState, useSyncExternalStore } from 'react';
import {
  currentPlatform,
  type FocusPlace,
  findShortcut,
  isApplePlatform,
  keyLabels,
  onShortcutsChange,
  registeredShortcuts,
  registerShortcut,
} from '../lib/shortcuts.ts';
import styles from './ShortcutsHelp.module.css';
import { useModalDialog } from './use-modal-dialog.ts';

const noShortcuts: never[] = [];

/** Where a key press happened, for the shortcuts' focus rules. */
function focusPlace(target: EventTarget | null): FocusPlace {
  if (!(target instanceof Element)) return { typing: false, message: false, dialog: false };
  const field =
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement ||
    (target instanceof HTMLInputElement &&
      !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(target.type)) ||
    (target instanceof HTMLElement && target.isContentEditable);
  return {
    typing: field,
    // The chat's message box: the textarea of its composer form.
    message: target.matches('form.composer textarea, textarea#prompt, [data-composer]'),
    dialog:
      target.closest('dialog[open], [role="dialog"], [role="alertdialog"], [aria-modal="true"]') !== null,
  };
}

/** One combination as keys to read. */
function Keys({ keys, apple }: { keys: readonly string[]; apple: boolean }) {
  return (
    <span className={styles.combo}>
      {keyLabels(keys, apple).map((label, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: a combination's keys never reorder
        <kbd key={index}>{label}</kbd>
      ))}
    </span>
  );
}

/**
 * The keyboard shortcuts of every signed-in page: the one key handler for the registry in
 * `lib/shortcuts.ts`, and the help sheet that lists what works on this page — opened with `?`
 * (when not typing), Ctrl/⌘+/, or the small button this renders. A modal dialog: the page
 * behind is inert, Tab stays inside, Esc closes it and the focus goes back where it was.
 */
export function ShortcutsHelp() {
  const [open, setOpen] = useState(false);
  const dialog = useModalDialog(open);
  const shortcuts = useSyncExternalStore(onShortcutsChange, registeredShortcuts, () => noShortcuts);
  // The platform is known in the browser only: Ctrl is shown until then.
  const [apple, setApple] = useState(false);
  useEffect(() => setApple(isApplePlatform(currentPlatform())), []);

  useEffect(
    () =>
      registerShortcut({
        id: 'shortcuts-help',
        description: 'Show these keyboard shortcuts',
        keys: ['Mod', '/'],
        focus: 'anywhere',
        alternatives: [{ keys: ['?'], focus: 'not-typing' }],
        run: () => setOpen(true),
      }),
    [],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      // A field or dialog that used the key (Esc cancelling a rename) keeps it.
      if (event.defaultPrevented || event.isComposing) return;
      const shortcut = findShortcut(registeredShortcuts(), event, focusPlace(event.target), apple);
      if (!shortcut) return;
      event.preventDefault();
      shortcut.run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [apple]);

  return (
    <>
      <button
        type="button"
        className={`secondary ${styles.open}`}
        aria-haspopup="dialog"
        aria-label="Keyboard shortcuts"
        title="Keyboard shortcuts (?)"
        onClick={() => setOpen(true)}
      >
        ?
      </button>
      <dialog
        ref={dialog}
        className={styles.sheet}
        aria-labelledby="shortcuts-title"
        onClose={() => setOpen(false)}
      >
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        {/* Only while open: a closed sheet adds nothing to the page (no hidden table rows). */}
        {open ? (
          <table className={styles.table} aria-label="Keyboard shortcuts">
            <tbody>
              {shortcuts.map((shortcut) => (
                <tr key={shortcut.id}>
                  <th scope="row">{shortcut.description}</th>
                  <td>
                    <Keys keys={shortcut.keys} apple={apple} />
                    {shortcut.alternatives?.map((alternative) => (
                      <span key={alternative.keys.join('+')}>
                        {' or '}
                        <Keys keys={alternative.keys} apple={apple} />
                      </span>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <p className="muted small">
          Shortcuts without Ctrl{apple ? ' or ⌘' : ''} do nothing while you type in a field.
        </p>
        <form method="dialog">
          <button type="submit">Close</button>
        </form>
      </dialog>
    </>
  );
}
