'use client';

import { useCallback, useEffect, useState } from 'react';

/** Where the choice is kept, per browser (`'1'` = plain text). */
export const plainTextKey = 'lifeosai.chat.plainText';

/**
 * Whether answers show as plain text (the markdown source, whitespace kept) instead of rendered
 * markdown: a reader's choice, kept in this browser. `bench:chat` sets it for its baseline.
 */
export function usePlainTextAnswers(): [boolean, (plain: boolean) => void] {
  const [plain, setPlain] = useState(false);
  useEffect(() => {
    setPlain(window.localStorage.getItem(plainTextKey) === '1');
  }, []);
  const choose = useCallback((next: boolean) => {
    setPlain(next);
    if (next) window.localStorage.setItem(plainTextKey, '1');
    else window.localStorage.removeItem(plainTextKey);
  }, []);
  return [plain, choose];
}
