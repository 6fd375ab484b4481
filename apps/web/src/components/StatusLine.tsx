/**
 * The line under a form or list that says how the last action went: the error (announced as an
 * alert) or the status, and a blank line otherwise so the layout does not jump.
 */
export function StatusLine({ error, status }: { error: string | null; status: string | null }) {
  return (
    <p className="status-line" aria-live="polite">
      {error ? (
        <span role="alert" className="error">
          {error}
        </span>
      ) : (
        (status ?? '\u00a0')
      )}
    </p>
  );
}
