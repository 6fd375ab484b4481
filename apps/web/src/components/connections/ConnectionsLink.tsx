import Link from 'next/link';

/** The Settings page's way to Connections (its own page: the providers send people back there). */
export function ConnectionsLink() {
  return (
    <section className="card stack" aria-labelledby="connections-link-heading">
      <h2 id="connections-link-heading">Connections</h2>
      <p className="muted small">
        Outside accounts (GitHub, Google, Microsoft, …) your agents use:{' '}
        <Link href="/settings/connections">connect, see their status, revoke</Link>.
      </p>
    </section>
  );
}
