'use client';

import { type RefObject, useEffect, useRef, useState } from 'react';

/**
 * A list of rows the form edits (MCP servers, skill folders, tool rules), with the keyboard
 * behaviour every such list has: a row just added takes the focus (see `useFocusWhen`), and
 * removing a row gives it back to the Add button, so a keyboard user is never dropped.
 */
export function useEditableRows<Row extends { rowId: string }>(
  rows: readonly Row[],
  save: (rows: Row[]) => void,
) {
  const addButton = useRef<HTMLButtonElement>(null);
  const [added, setAdded] = useState<string | null>(null);
  return {
    addButton,
    isNew: (row: Row) => row.rowId === added,
    add(row: Row) {
      setAdded(row.rowId);
      save([...rows, row]);
    },
    update(row: Row, patch: Partial<Row>) {
      save(rows.map((item) => (item.rowId === row.rowId ? { ...item, ...patch } : item)));
    },
    remove(row: Row) {
      save(rows.filter((item) => item.rowId !== row.rowId));
      addButton.current?.focus();
    },
  };
}

/** Focuses `target` once `focus` is true (a row the user just added). */
export function useFocusWhen(target: RefObject<HTMLElement | null>, focus: boolean): void {
  useEffect(() => {
    if (focus) target.current?.focus();
  }, [target, focus]);
}
