/**
 * The app's keyboard shortcuts: one registry the key handler and the help sheet both read, so
 * the sheet lists exactly the shortcuts that work on the page shown. Pages register theirs
 * while mounted (`registerShortcut` returns the function that removes it).
 */

/** The key events a shortcut is matched against (a `KeyboardEvent` has these). */
export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/**
 * Where the focus may be for a shortcut to act:
 * - `anywhere`: also while typing in a field (shortcuts with Ctrl/⌘, or Shift+Esc);
 * - `not-typing`: not in a text field, a select or an editable element (`/`, `?`);
 * - `not-typing-or-message`: the same, but the message box counts as not typing (Esc stops a run
 *   from the message box, yet still clears a search field or closes a menu elsewhere).
 * No shortcut acts inside an open dialog: a dialog's own keys (Esc closes it) come first.
 */
export type ShortcutFocus = 'anywhere' | 'not-typing' | 'not-typing-or-message';

export interface Shortcut {
  /** Stable id (`new-chat`): a second registration with the same id replaces the first. */
  id: string;
  /** What it does, as the help sheet says it ("New chat"). */
  description: string;
  /**
   * The key combination: `Mod` is ⌘ on a Mac and Ctrl elsewhere, then `Shift`/`Alt`, then the
   * key as `KeyboardEvent.key` spells it (letters in lower case: `o`, `k`, `/`, `Escape`).
   */
  keys: readonly string[];
  /** Where the focus may be for `keys` to act. */
  focus: ShortcutFocus;
  /**
   * Other combinations that do the same (`?` for Ctrl+/), listed after the first; each with its
   * own `focus` (a bare `?` must not act while typing), else the shortcut's.
   */
  alternatives?: readonly { keys: readonly string[]; focus?: ShortcutFocus }[];
  /** Contract: called on a matching key press (default action already prevented); must not throw. */
  run: () => void;
}

const modifierNames = new Set(['Mod', 'Ctrl', 'Shift', 'Alt']);

/** True on macOS and iOS, where the command key is the shortcut modifier. */
export function isApplePlatform(platform: string): boolean {
  return /mac|iphone|ipad|ipod/i.test(platform);
}

/** The browser's platform string (empty on the server). */
export function currentPlatform(): string {
  if (typeof navigator === 'undefined') return '';
  const data = (navigator as Navigator & { userAgentData?: { platform?: string } }).userAgentData;
  return data?.platform || navigator.platform || '';
}

/** Whether `press` is exactly the combination `keys` (no extra modifiers). */
export function matchesKeys(press: KeyPress, keys: readonly string[], apple: boolean): boolean {
  const wanted = new Set(keys.filter((key) => modifierNames.has(key)));
  const key = keys.find((part) => !modifierNames.has(part));
  if (!key) return false;
  const wantCtrl = wanted.has('Ctrl') || (wanted.has('Mod') && !apple);
  const wantMeta = wanted.has('Mod') && apple;
  // `?` is Shift+/ on most layouts: a printable symbol names itself, the Shift is implied.
  const symbol = key.length === 1 && !/[a-z0-9]/i.test(key);
  const shiftOk = symbol && !wanted.has('Shift') ? true : press.shiftKey === wanted.has('Shift');
  const pressed = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  return (
    pressed === key &&
    press.ctrlKey === wantCtrl &&
    press.metaKey === wantMeta &&
    press.altKey === wanted.has('Alt') &&
    shiftOk
  );
}

/** A combination as a person reads it: `⌘ ⇧ O` on a Mac, `Ctrl Shift O` elsewhere. */
export function keyLabels(keys: readonly string[], apple: boolean): string[] {
  return keys.map((part) => {
    if (part === 'Mod') return apple ? '⌘' : 'Ctrl';
    if (part === 'Ctrl') return apple ? '⌃' : 'Ctrl';
    if (part === 'Shift') return apple ? '⇧' : 'Shift';
    if (part === 'Alt') return apple ? '⌥' : 'Alt';
    if (part === 'Escape') return 'Esc';
    return part.length === 1 ? part.toUpperCase() : part;
  });
}

/** Where the key press happened, as far as shortcuts care. */
export interface FocusPlace {
  /** In a text field, select or editable element. */
  typing: boolean;
  /** In the chat's message box (the textarea of `form.composer`, or one marked `data-composer`). */
  message: boolean;
  /** Inside an open dialog. */
  dialog: boolean;
}

/** Whether a combination with this `focus` may act at `place`. */
export function allowedAt(focus: ShortcutFocus, place: FocusPlace): boolean {
  if (place.dialog) return false;
  if (focus === 'anywhere') return true;
  if (focus === 'not-typing-or-message') return !place.typing || place.message;
  return !place.typing;
}

/** The first registered shortcut `press` triggers at `place`, if any. */
export function findShortcut(
  shortcuts: Iterable<Shortcut>,
  press: KeyPress,
  place: FocusPlace,
  apple: boolean,
): Shortcut | undefined {
  for (const shortcut of shortcuts) {
    const combos = [{ keys: shortcut.keys, focus: shortcut.focus }, ...(shortcut.alternatives ?? [])];
    const acts = combos.some(
      (combo) => matchesKeys(press, combo.keys, apple) && allowedAt(combo.focus ?? shortcut.focus, place),
    );
    if (acts) return shortcut;
  }
  return undefined;
}

const registry = new Map<string, Shortcut>();
const listeners = new Set<() => void>();
let snapshot: Shortcut[] = [];

function changed() {
  snapshot = [...registry.values()];
  for (const listener of listeners) listener();
}

/** Adds (or replaces, by id) a shortcut; returns the function that removes this registration. */
export function registerShortcut(shortcut: Shortcut): () => void {
  registry.set(shortcut.id, shortcut);
  changed();
  return () => {
    if (registry.get(shortcut.id) === shortcut) {
      registry.delete(shortcut.id);
      changed();
    }
  };
}

/** The shortcuts registered now, in registration order (stable between changes). */
export function registeredShortcuts(): Shortcut[] {
  return snapshot;
}

/** Calls `listener` after every change to the registry; returns the unsubscribe function. */
export function onShortcutsChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
