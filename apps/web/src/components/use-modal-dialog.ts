'use client';

import { useEffect, useRef } from 'react';

/**
 * A native `<dialog>` shown as a modal while `open` is true: the browser makes the page behind
 * inert (Tab stays inside), Esc closes it (listen with `onClose` to set `open` back), and the
 * focus returns where it was. Returns the ref to put on the `<dialog>`.
 */
export function useModalDialog(open: boolean) {
  const dialog = useRef<HTMLDialogElement | null>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    else if (!open && element.open) element.close();
  }, [open]);
  return dialog;
}
