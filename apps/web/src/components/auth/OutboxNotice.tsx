import styles from './auth.module.css';

/**
 * Local mode without a mail server: says where the link went instead of an inbox. It never
 * shows the link — the visitor may not own the address — and reads the same whether or not an
 * account uses it.
 */
export function OutboxNotice() {
  return (
    <div className={`notice ${styles.outboxNotice}`} data-testid="outbox-notice">
      <p className="small">
        <strong>No mail server is set up here:</strong> the link is not emailed. The instance admin finds it
        on the Admin page (Outbox) or in the platform&rsquo;s terminal, and can pass it on.
      </p>
    </div>
  );
}
