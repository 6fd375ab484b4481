'use client';

import Link from 'next/link';
import { useParams } from 'next/navigation';
import { canManageAgents } from '../../lib/roles.ts';
import { useMe } from '../Shell.tsx';

/**
 * The ways from an agent's chat to its editor and its channels (for those who may change
 * agents) and to its calls (for everyone who may talk with it: the API shows them their own).
 */
export function EditAgentLink() {
  const { id } = useParams<{ id: string }>();
  const manage = canManageAgents(useMe());
  return (
    <p className="small">
      {manage ? (
        <>
          <Link href={`/agents/${id}/edit`}>Edit agent settings</Link>
          {' · '}
          <Link href={`/agents/${id}/channels`}>Channels</Link>
          {' · '}
        </>
      ) : null}
      <Link href={`/agents/${id}/calls`}>Calls</Link>
    </p>
  );
}
