import { describe, expect, it, vi } from 'vitest';
import {
  type FocusPlace,
  findShortcut,
  isApplePlatform,
  type KeyPress,
  keyLabels,
  matchesKeys,
  onShortcutsChange,
  registeredShortcuts,
  registerShortcut,
  type Shortcut,
} from './shortcuts.ts';

const press = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
});
const page: FocusPlace = { typing: false, message: false, dialog: false };
const field: FocusPlace = { typing: true, message: false, dialog: false };
const messageBox: FocusPlace = { typing: true, message: true, dialog: false };
const dialog: FocusPlace = { typing: false, message: false, dialog: true };

const shortcut = (id: string, fields: Partial<Shortcut>): Shortcut => ({
  id,
  description: id,
  keys: [],
  focus: 'anywhere',
  run: () => undefined,
  ...fields,
});

describe('matchesKeys', () => {
  it('reads Mod as Ctrl elsewhere and ⌘ on a Mac, and wants exactly the modifiers named', () => {
    const newChat = ['Mod', 'Shift', 'o'];
    expect(matchesKeys(press('O', { ctrlKey: true, shiftKey: true }), newChat, false)).toBe(true);
    expect(matchesKeys(press('O', { metaKey: true, shiftKey: true }), newChat, true)).toBe(true);
    expect(matchesKeys(press('O', { ctrlKey: true, shiftKey: true }), newChat, true)).toBe(false);
    expect(matchesKeys(press('o', { ctrlKey: true }), newChat, false)).toBe(false);
    expect(matchesKeys(press('O', { ctrlKey: true, shiftKey: true, altKey: true }), newChat, false)).toBe(
      false,
    );
  });

  it('takes a symbol as typed, whatever Shift it took (`?` is Shift+/)', () => {
    expect(matchesKeys(press('?', { shiftKey: true }), ['?'], false)).toBe(true);
    expect(matchesKeys(press('/'), ['/'], false)).toBe(true);
    expect(matchesKeys(press('/', { ctrlKey: true }), ['/'], false)).toBe(false);
  });

  it('tells Esc from Shift+Esc', () => {
    expect(matchesKeys(press('Escape'), ['Escape'], false)).toBe(true);
    expect(matchesKeys(press('Escape', { shiftKey: true }), ['Escape'], false)).toBe(false);
    expect(matchesKeys(press('Escape', { shiftKey: true }), ['Shift', 'Escape'], false)).toBe(true);
  });
});

describe('findShortcut', () => {
  const stop = shortcut('stop', { keys: ['Escape'], focus: 'not-typing-or-message' });
  const focus = shortcut('focus', {
    keys: ['Shift', 'Escape'],
    alternatives: [{ keys: ['/'], focus: 'not-typing' }],
  });
  const all = [stop, focus];

  it('lets a bare key act only where no one is typing, and nothing act inside a dialog', () => {
    expect(findShortcut(all, press('/'), page, false)).toBe(focus);
    expect(findShortcut(all, press('/'), field, false)).toBeUndefined();
    expect(findShortcut(all, press('Escape', { shiftKey: true }), field, false)).toBe(focus);
    expect(findShortcut(all, press('Escape', { shiftKey: true }), dialog, false)).toBeUndefined();
  });

  it('stops with Esc on the page and in the message box, but not in another field', () => {
    expect(findShortcut(all, press('Escape'), page, false)).toBe(stop);
    expect(findShortcut(all, press('Escape'), messageBox, false)).toBe(stop);
    expect(findShortcut(all, press('Escape'), field, false)).toBeUndefined();
    expect(findShortcut(all, press('Escape'), dialog, false)).toBeUndefined();
  });
});

describe('keyLabels', () => {
  it('shows ⌘ ⇧ on a Mac and words elsewhere', () => {
    expect(keyLabels(['Mod', 'Shift', 'o'], true)).toEqual(['⌘', '⇧', 'O']);
    expect(keyLabels(['Mod', 'Shift', 'o'], false)).toEqual(['Ctrl', 'Shift', 'O']);
    expect(keyLabels(['Escape'], false)).toEqual(['Esc']);
  });

  it('knows Apple platforms by name', () => {
    expect(['MacIntel', 'macOS', 'iPhone', 'iPad'].map(isApplePlatform)).toEqual([true, true, true, true]);
    expect(['Win32', 'Linux x86_64', 'Windows', ''].map(isApplePlatform)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});

describe('the registry', () => {
  it('replaces by id, removes only its own registration, and tells listeners', () => {
    const listener = vi.fn();
    const unsubscribe = onShortcutsChange(listener);
    const first = shortcut('x', { description: 'first' });
    const second = shortcut('x', { description: 'second' });
    const removeFirst = registerShortcut(first);
    const removeSecond = registerShortcut(second);
    expect(registeredShortcuts().filter((s) => s.id === 'x')).toEqual([second]);
    removeFirst();
    expect(registeredShortcuts()).toContain(second);
    removeSecond();
    expect(registeredShortcuts().some((s) => s.id === 'x')).toBe(false);
    expect(listener).toHaveBeenCalledTimes(3);
    unsubscribe();
  });
});
